package be.belfort.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.config.Settings;
import be.belfort.monitor.MonitorConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Docker does not run on the build machines, so docker/compose.yaml is kept honest here: every file
 * it mounts exists (or is a jar the build writes), image tags are pinned once in docker/.env and match
 * the versions the job is built with, and the job's settings (docker/monitor.properties) are valid
 * and agree with the services: broker address, topics, database, rules folder, slots, checkpoint volume.
 */
class DockerComposeTest {
    private static final Path REPO = Path.of(System.getProperty("belfort.rules.dir", "../rules")).toAbsolutePath().getParent();
    private static final Path DOCKER = REPO.resolve("docker");

    private static Map<String, Map<String, Object>> services;
    private static Map<String, String> env;
    private static MonitorConfig job;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(DOCKER.resolve("compose.yaml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
        env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DOCKER.resolve(".env"))) {
            if (line.isBlank() || line.startsWith("#")) continue;
            env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        // What the job-submit container's environment supplies.
        job = MonitorConfig.from(Settings.fromFile(DOCKER.resolve("monitor.properties"), Map.of(
                "pseudonym.key", "supplied-by-BELFORT_PSEUDONYM_KEY",
                "sink.postgres.password", "supplied-by-BELFORT_PG_PASSWORD")));
    }

    @Test
    void imageTagsArePinnedInDotEnvAndMatchTheBuild() throws IOException {
        for (var s : services.entrySet()) {
            String image = (String) s.getValue().get("image");
            Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(image);
            assertTrue(m.matches(), s.getKey() + ": image '" + image + "' must be a variable from .env");
            assertTrue(env.containsKey(m.group(1)), s.getKey() + ": " + m.group(1) + " is not in .env");
        }
        String pom = Files.readString(REPO.resolve("pom.xml"));
        assertEquals("apache/kafka:" + property(pom, "kafka.version"), env.get("KAFKA_IMAGE"));
        assertTrue(env.get("FLINK_IMAGE").startsWith("flink:" + property(pom, "flink.version") + "-"), env.get("FLINK_IMAGE"));
        assertTrue(env.get("FLINK_IMAGE").endsWith("-java17"), "the job is compiled for Java 17");
    }

    @Test
    void everyMountedFileExistsOrIsBuilt() throws IOException {
        String jobsPom = Files.readString(REPO.resolve("jobs/pom.xml"));
        Set<String> built = Set.of("../jobs/target/belfort-job.jar", "../jobs/target/belfort.jar");
        assertTrue(jobsPom.contains("<outputFile>${project.build.directory}/belfort-job.jar</outputFile>"), "slim jar");
        assertTrue(jobsPom.contains("<finalName>belfort</finalName>"), "fat jar");
        for (var s : services.entrySet()) {
            for (String[] mount : mounts(s.getValue())) {
                if (!mount[0].startsWith(".")) continue; // named volume
                if (built.contains(mount[0])) continue;
                assertTrue(Files.exists(DOCKER.resolve(mount[0])), s.getKey() + " mounts missing " + mount[0]);
            }
        }
        assertTrue(Files.isExecutable(DOCKER.resolve("create-topics.sh")));
    }

    @Test
    void jobSubmissionMatchesTheMountsAndTheJob() throws Exception {
        Map<String, Object> submit = services.get("job-submit");
        List<String> cmd = strings(submit.get("command"));
        assertEquals(List.of("flink", "run", "-d"), cmd.subList(0, 3));
        String main = cmd.get(cmd.indexOf("-c") + 1);
        assertEquals("main", Class.forName(main).getMethod("main", String[].class).getName());
        Map<String, String> targets = mountTargets(submit);
        assertTrue(cmd.contains(targets.get("../jobs/target/belfort-job.jar")), "submits the mounted slim jar: " + cmd);
        assertEquals(targets.get("./monitor.properties"), cmd.get(cmd.indexOf("--config") + 1));
        assertEquals(targets.get("../rules"), job.rulesDir(), "rules.dir is where the rules are mounted");
        Map<String, String> submitEnv = strings((Map<?, ?>) submit.get("environment"));
        assertTrue(submitEnv.containsKey("BELFORT_PSEUDONYM_KEY") && submitEnv.containsKey("BELFORT_PG_PASSWORD"));
    }

    @Test
    void brokerTopicsAndDatabaseAgreeWithTheJobSettings() throws IOException {
        Map<String, String> kafka = strings((Map<?, ?>) services.get("kafka").get("environment"));
        assertEquals("PLAINTEXT://" + job.kafka().bootstrapServers(), kafka.get("KAFKA_ADVERTISED_LISTENERS"));
        assertEquals("false", kafka.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"), "topics come from topic-init only");
        assertTrue(Long.parseLong(kafka.get("KAFKA_TRANSACTION_MAX_TIMEOUT_MS")) >= job.kafka().transactionTimeout().toMillis());

        String script = Files.readString(DOCKER.resolve("create-topics.sh"));
        Matcher m = Pattern.compile("for spec in ([^;]+);").matcher(script);
        assertTrue(m.find());
        Set<String> created = Pattern.compile("\\s+").splitAsStream(m.group(1).trim())
                .map(spec -> spec.substring(0, spec.indexOf(':'))).collect(Collectors.toSet());
        MonitorConfig.Kafka k = job.kafka();
        for (String topic : List.of(k.postsTopic(), k.rejectedTopic(), k.enrichedTopic(), k.alertsTopic(), k.deadLetterTopic(), k.rulesTopic())) {
            assertTrue(created.contains(topic), "topic-init does not create " + topic + ": " + created);
        }

        Map<String, String> pg = strings((Map<?, ?>) services.get("postgres").get("environment"));
        URI url = URI.create(job.postgres().url().substring("jdbc:".length()));
        assertEquals("postgres", url.getHost());
        assertEquals("/" + pg.get("POSTGRES_DB"), url.getPath());
        assertEquals(pg.get("POSTGRES_USER"), job.postgres().user());
    }

    @Test
    void flinkHasTheSlotsAndTheCheckpointVolume() {
        for (String role : List.of("jobmanager", "taskmanager")) {
            Map<String, String> flink = flinkProperties(services.get(role));
            String dir = URI.create(flink.get("execution.checkpointing.dir")).getPath();
            assertTrue(mountTargets(services.get(role)).values().stream().anyMatch(dir::startsWith),
                    role + ": checkpoints " + dir + " are not on a volume");
            assertEquals("jobmanager", flink.get("jobmanager.rpc.address"));
            if (role.equals("taskmanager")) {
                assertTrue(Integer.parseInt(flink.get("taskmanager.numberOfTaskSlots")) >= job.parallelism(),
                        "one TaskManager runs the job at parallelism " + job.parallelism());
            }
        }
        assertEquals(List.of("taskmanager"), strings(services.get("taskmanager").get("command")));
        assertEquals(List.of("jobmanager"), strings(services.get("jobmanager").get("command")));
    }

    private static Map<String, String> flinkProperties(Map<String, Object> service) {
        String text = strings((Map<?, ?>) service.get("environment")).get("FLINK_PROPERTIES");
        Map<String, String> p = new HashMap<>();
        text.lines().filter(l -> l.contains(": ")).forEach(l -> p.put(l.substring(0, l.indexOf(": ")).trim(), l.substring(l.indexOf(": ") + 2).trim()));
        return p;
    }

    /** Host path → container path of a service's volumes. */
    private static Map<String, String> mountTargets(Map<String, Object> service) {
        Map<String, String> t = new HashMap<>();
        for (String[] m : mounts(service)) t.put(m[0], m[1]);
        return t;
    }

    private static List<String[]> mounts(Map<String, Object> service) {
        List<String[]> out = new ArrayList<>();
        for (String v : strings(service.getOrDefault("volumes", List.of()))) {
            String[] parts = v.split(":");
            out.add(new String[] {parts[0], parts[1]});
        }
        return out;
    }

    private static List<String> strings(Object list) {
        if (list instanceof String s) return List.of(s);
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }

    private static Map<String, String> strings(Map<?, ?> map) {
        Map<String, String> m = new LinkedHashMap<>();
        map.forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
        return m;
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertTrue(m.find(), name + " not in pom.xml");
        return m.group(1);
    }
}
