import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;

public class LongestClimb {
    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(System.in, 1 << 16));
        int n = readInt(in);
        int[] tails = new int[n];
        int length = 0;
        for (int i = 0; i < n; i++) {
            int h = readInt(in);
            int k = Arrays.binarySearch(tails, 0, length, h);
            if (k < 0) k = -k - 1;  // insertion point; an equal value is replaced in place
            tails[k] = h;
            if (k == length) length++;
        }
        System.out.println(length);
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
