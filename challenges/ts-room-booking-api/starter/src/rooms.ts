export interface Room {
  id: string;
  name: string;
  capacity: number;
}

export const DEFAULT_ROOMS: readonly Room[] = [
  { id: 'atlas', name: 'Atlas', capacity: 8 },
  { id: 'boreal', name: 'Boreal', capacity: 4 },
  { id: 'cirrus', name: 'Cirrus', capacity: 12 },
];
