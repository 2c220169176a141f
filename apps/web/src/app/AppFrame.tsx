import { AppShell, Burger, Center, Group, Loader, NavLink, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { hasRole } from '../features/identity/roles.js';
import { useSession, useSignedInSession } from '../features/identity/use-session.js';
import { ColorSchemeToggle } from './components/ColorSchemeToggle.js';
import { Logo } from './components/LogoMark.js';
import { OrganizationSwitcher } from './components/OrganizationSwitcher.js';
import { UserMenu } from './components/UserMenu.js';
import { NoOrganizationPage } from './NoOrganizationPage.js';
import { mainNav, settingsNav, type NavItem } from './navigation.js';

/**
 * The signed-in app: header (logo, organization switcher, color scheme, user menu), the
 * navigation and the page. Sends visitors to setup or sign-in first.
 */
export function AppFrame() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading Assay" />
      </Center>
    );
  }
  if (session.isError) {
    return (
      <Center h="100vh">
        <Text role="alert">Assay could not reach its server. Reload the page to try again.</Text>
      </Center>
    );
  }
  if (session.data.setupRequired) return <Navigate to="/setup" replace />;
  if (!session.data.user) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (session.data.memberships.length === 0) return <NoOrganizationPage />;
  return <SignedInFrame />;
}

function SignedInFrame() {
  const [opened, { toggle, close }] = useDisclosure();
  const { membership } = useSignedInSession();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    close();
    // After client-side navigation, move focus to the new page (as a full page load would)
    // so keyboard and screen-reader users start at its content, not at the old link.
    if (firstRender.current) firstRender.current = false;
    else mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname, close]);
  const visible = (items: NavItem[]) => items.filter((i) => hasRole(membership?.role, i.minimumRole));

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
            />
            <Link to="/" aria-label="Assay home" style={{ color: 'inherit', textDecoration: 'none' }}>
              <Logo />
            </Link>
            <OrganizationSwitcher />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <ColorSchemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" component="nav" aria-label="Main">
        <ScrollArea type="never">
          {visible(mainNav).map((item) => (
            <FrameNavLink key={item.to} item={item} />
          ))}
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mt="lg" mb={4} id="settings-heading">
            Settings
          </Text>
          <div role="group" aria-labelledby="settings-heading">
            {visible(settingsNav).map((item) => (
              <FrameNavLink key={item.to} item={item} />
            ))}
          </div>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main" ref={mainRef} tabIndex={-1} style={{ outline: 'none' }}>
        <div style={{ maxWidth: 1100, margin: '0 auto' }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}

function FrameNavLink({ item }: { item: NavItem }) {
  const location = useLocation();
  const active = location.pathname === item.to || location.pathname.startsWith(`${item.to}/`);
  return (
    <NavLink
      component={Link}
      to={item.to}
      label={item.label}
      active={active}
      aria-current={active ? 'page' : undefined}
      variant="light"
      style={{ borderRadius: 'var(--mantine-radius-md)' }}
    />
  );
}
