import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.StringTokenizer;

public class Solution {
    // TODO: the minimum number of rooms; meeting i is [starts[i], ends[i]).
    static int solve(int[] starts, int[] ends) {
        return 0;
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int n = Integer.parseInt(in.readLine().trim());
        int[] starts = new int[n], ends = new int[n];
        for (int i = 0; i < n; i++) {
            StringTokenizer tokens = new StringTokenizer(in.readLine());
            starts[i] = Integer.parseInt(tokens.nextToken());
            ends[i] = Integer.parseInt(tokens.nextToken());
        }
        System.out.println(solve(starts, ends));
    }
}
