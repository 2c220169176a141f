import java.io.DataInputStream;
import java.io.IOException;

public class EvenPairs {
    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(System.in, 1 << 16));
        int n = (int) readLong(in);
        long odd = 0;
        for (int i = 0; i < n; i++) {
            if (readLong(in) % 2 != 0) odd++;
        }
        long even = n - odd;
        System.out.println(even * (even - 1) / 2 + odd * (odd - 1) / 2);
    }

    private static long readLong(DataInputStream in) throws IOException {
        int c = in.read();
        while (c == ' ' || c == '\n' || c == '\r') c = in.read();
        boolean negative = c == '-';
        if (negative) c = in.read();
        long value = 0;
        while (c >= '0' && c <= '9') {
            value = value * 10 + (c - '0');
            c = in.read();
        }
        return negative ? -value : value;
    }
}
