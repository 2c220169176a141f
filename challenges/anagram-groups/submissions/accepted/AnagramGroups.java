import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

public class AnagramGroups {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int n = Integer.parseInt(in.readLine().trim());
        Map<String, Integer> groups = new HashMap<>(2 * n);
        int largest = 0;
        for (int i = 0; i < n; i++) {
            char[] letters = in.readLine().trim().toCharArray();
            Arrays.sort(letters);
            largest = Math.max(largest, groups.merge(new String(letters), 1, Integer::sum));
        }
        System.out.println(groups.size() + " " + largest);
    }
}
