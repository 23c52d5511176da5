package be.belfort.console;

import be.belfort.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The console's accounts, from a users file ({@code console.users}): one account per line,
 * {@code name:role:pbkdf2$iterations$salt$hash}; blank lines and lines starting with {@code #} are
 * ignored. Roles: {@code operator}, {@code supervisor}. Make a line with
 * {@code bin/belfort console hash-password --user NAME --role ROLE}.
 */
public final class OperatorAccounts {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** Checked for unknown names too, so that a login's duration does not tell which names exist. */
    private static final String DECOY = PasswordHash.hash("decoy".toCharArray());

    /** One account; the hash never leaves this class. */
    public record Account(String name, Role role) {}

    private record Entry(Account account, String hash) {}

    private final Map<String, Entry> accounts;

    private OperatorAccounts(Map<String, Entry> accounts) {
        this.accounts = Map.copyOf(accounts);
    }

    /** Reads a users file; every problem is reported with file:line. */
    public static OperatorAccounts load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of("cannot read users file " + file + ": " + e.getMessage()));
        }
        return parse(file.toString(), lines);
    }

    /** Parses users-file lines; {@code source} names them in problems. */
    public static OperatorAccounts parse(String source, List<String> lines) {
        Map<String, Entry> accounts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = source + ":" + (i + 1) + ": ";
            String[] parts = line.split(":", 3);
            if (parts.length != 3) {
                problems.add(where + "expected name:role:hash");
                continue;
            }
            String name = parts[0];
            if (!NAME.matcher(name).matches()) {
                problems.add(where + "account name must be lower-case letters, digits, '.', '_' or '-' (at most 64)");
                continue;
            }
            Role role;
            try {
                role = Role.valueOf(parts[1].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(where + "unknown role '" + parts[1] + "' (operator or supervisor)");
                continue;
            }
            try {
                PasswordHash.validate(parts[2]);
            } catch (IllegalArgumentException e) {
                problems.add(where + e.getMessage());
                continue;
            }
            if (accounts.putIfAbsent(name, new Entry(new Account(name, role), parts[2])) != null) {
                problems.add(where + "account '" + name + "' is defined twice");
            }
        }
        if (accounts.isEmpty() && problems.isEmpty()) problems.add(source + ": no accounts");
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new OperatorAccounts(accounts);
    }

    /** One account, for the demo and tests. */
    public static OperatorAccounts single(String name, Role role, String hash) {
        return parse("account", List.of(name + ":" + role.name().toLowerCase(Locale.ROOT) + ":" + hash));
    }

    /** The account when name and password match. */
    public Optional<Account> authenticate(String name, char[] password) {
        Entry e = accounts.get(name);
        boolean ok = PasswordHash.verify(password, e == null ? DECOY : e.hash()) && e != null;
        return ok ? Optional.of(e.account()) : Optional.empty();
    }

    public int size() {
        return accounts.size();
    }
}
