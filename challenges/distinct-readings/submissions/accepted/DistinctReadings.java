import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashMap;

public class DistinctReadings {
    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(System.in, 1 << 16));
        int n = readInt(in), q = readInt(in);
        int[] a = new int[n + 1];
        for (int i = 1; i <= n; i++) a[i] = readInt(in);
        // Bucket the questions by r (a counting sort), keeping their input index.
        int[] l = new int[q], headByR = new int[n + 1], nextInBucket = new int[q];
        java.util.Arrays.fill(headByR, -1);
        for (int k = 0; k < q; k++) {
            l[k] = readInt(in);
            int r = readInt(in);
            nextInBucket[k] = headByR[r];
            headByR[r] = k;
        }
        int[] tree = new int[n + 1];
        int[] answer = new int[q];
        HashMap<Integer, Integer> last = new HashMap<>(2 * n);
        for (int i = 1; i <= n; i++) {
            Integer previous = last.put(a[i], i);
            if (previous != null) add(tree, previous, -1);
            add(tree, i, 1);
            for (int k = headByR[i]; k != -1; k = nextInBucket[k]) answer[k] = sum(tree, i) - sum(tree, l[k] - 1);
        }
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < q; k++) out.append(answer[k]).append('\n');
        System.out.print(out);
    }

    private static void add(int[] tree, int i, int delta) {
        for (; i < tree.length; i += i & -i) tree[i] += delta;
    }

    private static int sum(int[] tree, int i) {
        int s = 0;
        for (; i > 0; i -= i & -i) s += tree[i];
        return s;
    }

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
