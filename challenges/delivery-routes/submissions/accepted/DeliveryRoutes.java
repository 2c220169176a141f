import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.PriorityQueue;

public class DeliveryRoutes {
    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(System.in, 1 << 16));
        int n = (int) readLong(in), m = (int) readLong(in);
        // Adjacency as arrays (forward-star): head, next, target, weight.
        int[] head = new int[n + 1];
        Arrays.fill(head, -1);
        int[] next = new int[2 * m], to = new int[2 * m];
        long[] weight = new long[2 * m];
        for (int i = 0; i < m; i++) {
            int u = (int) readLong(in), v = (int) readLong(in);
            long w = readLong(in);
            to[2 * i] = v; weight[2 * i] = w; next[2 * i] = head[u]; head[u] = 2 * i;
            to[2 * i + 1] = u; weight[2 * i + 1] = w; next[2 * i + 1] = head[v]; head[v] = 2 * i + 1;
        }
        long[] dist = new long[n + 1];
        Arrays.fill(dist, Long.MAX_VALUE);
        boolean[] done = new boolean[n + 1];
        PriorityQueue<long[]> pq = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        dist[1] = 0;
        pq.add(new long[] {0, 1});
        while (!pq.isEmpty()) {
            long[] top = pq.poll();
            int u = (int) top[1];
            if (done[u]) continue;
            done[u] = true;
            for (int e = head[u]; e != -1; e = next[e]) {
                long candidate = top[0] + weight[e];
                if (candidate < dist[to[e]]) {
                    dist[to[e]] = candidate;
                    pq.add(new long[] {candidate, to[e]});
                }
            }
        }
        System.out.println(dist[n] == Long.MAX_VALUE ? "impossible" : Long.toString(dist[n]));
    }

    private static long readLong(DataInputStream in) throws IOException {
        int c = in.read();
        while (c < '0' || c > '9') c = in.read();
        long value = 0;
        while (c >= '0' && c <= '9') {
            value = value * 10 + (c - '0');
            c = in.read();
        }
        return value;
    }
}
