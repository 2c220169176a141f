import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

public class Solution {
    // TODO: return {number of anagram groups, size of the largest group}.
    static int[] solve(String[] words) {
        return new int[] {0, 0};
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int n = Integer.parseInt(in.readLine().trim());
        String[] words = new String[n];
        for (int i = 0; i < n; i++) words[i] = in.readLine().trim();
        int[] answer = solve(words);
        System.out.println(answer[0] + " " + answer[1]);
    }
}
