import java.io.DataInputStream;
import java.io.IOException;

public class Solution {
    // TODO: for each question k, the number of distinct readings in [l[k], r[k]] (1-based, inclusive).
    static int[] solve(int[] readings, int[] l, int[] r) {
        return new int[l.length];
    }

    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(System.in, 1 << 16));
        int n = readInt(in), q = readInt(in);
        int[] readings = new int[n];
        for (int i = 0; i < n; i++) readings[i] = readInt(in);
        int[] l = new int[q], r = new int[q];
        for (int k = 0; k < q; k++) {
            l[k] = readInt(in);
            r[k] = readInt(in);
        }
        StringBuilder out = new StringBuilder();
        for (int answer : solve(readings, l, r)) out.append(answer).append('\n');
        System.out.print(out);
    }

    // Fast input: the input has up to 300,000 numbers.
    private static int readInt(DataInputStream in) throws IOException {
        int c = in.read();
        while (c < '0' || c > '9') c = in.read();
        int value = 0;
        while (c >= '0' && c <= '9') {
            value = value * 10 + (c - '0');
            c = in.read();
        }
        return value;
    }
}
