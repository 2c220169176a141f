import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.StringTokenizer;

public class Solution {
    // TODO: the cheapest total toll from depot 1 to depot n (road i joins u[i] and v[i]), or -1.
    static long solve(int n, int[] u, int[] v, long[] w) {
        return -1;
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        StringTokenizer first = new StringTokenizer(in.readLine());
        int n = Integer.parseInt(first.nextToken()), m = Integer.parseInt(first.nextToken());
        int[] u = new int[m], v = new int[m];
        long[] w = new long[m];
        for (int i = 0; i < m; i++) {
            StringTokenizer tokens = new StringTokenizer(in.readLine());
            u[i] = Integer.parseInt(tokens.nextToken());
            v[i] = Integer.parseInt(tokens.nextToken());
            w[i] = Long.parseLong(tokens.nextToken());
        }
        long answer = solve(n, u, v, w);
        System.out.println(answer < 0 ? "impossible" : Long.toString(answer));
    }
}
