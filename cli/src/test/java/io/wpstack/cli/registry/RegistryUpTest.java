package io.wpstack.cli.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.Context;
import io.wpstack.cli.UsageException;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryUpTest {
    private static final List<String> ADDRESSES = List.of("10.0.0.5");

    @TempDir
    Path dir;

    private RegistryUp.Prepared prepare(
            RegistrySettings settings, Instant now, List<String> addresses, Set<String> secrets) {
        RegistryPaths paths = RegistryFixtures.paths(dir);
        return RegistryUp.prepare(
                settings,
                paths,
                RegistryFiles.read(paths, settings),
                new RegistryUp.Facts("vm", addresses, secrets),
                RegistryFixtures.pki(now),
                new SecureRandom());
    }

    private static Set<String> createdSecrets(Plan plan) {
        return Set.copyOf(plan.commands().stream()
                .filter(argv -> argv.subList(0, 3).equals(List.of("docker", "secret", "create")))
                .map(argv -> argv.get(5))
                .toList());
    }

    @Test
    void firstRunWritesTheCaCertificateAndSettingsWithTheBashsModes() {
        var paths = RegistryFixtures.paths(dir);
        var prepared = prepare(RegistryFixtures.settings(false), RegistryFixtures.NOW, ADDRESSES, Set.of());
        Plan plan = prepared.plan();
        assertEquals(
                List.of(
                        paths.caKey(),
                        paths.caCrt(),
                        paths.serverKey(),
                        paths.serverCrt(),
                        paths.caSerial(),
                        paths.serverSan(),
                        paths.settings()),
                RegistryFixtures.written(plan));
        assertEquals("rw-------", RegistryFixtures.write(plan, paths.caKey()).mode());
        assertEquals("rw-r--r--", RegistryFixtures.write(plan, paths.caCrt()).mode());
        assertEquals(
                "rw-------", RegistryFixtures.write(plan, paths.serverKey()).mode());
        assertEquals(
                "rw-------", RegistryFixtures.write(plan, paths.serverCrt()).mode());
        assertEquals("rw-r--r--", RegistryFixtures.write(plan, paths.settings()).mode());
        assertEquals(
                "DNS:localhost,DNS:wpstack-registry.internal,IP:10.0.0.5,IP:127.0.0.1\n",
                RegistryFixtures.write(plan, paths.serverSan()).content());
        assertEquals(
                "NAME=wpstack-registry.internal\nPORT=5001\nAUTH=0\n",
                RegistryFixtures.write(plan, paths.settings()).content());
        assertTrue(plan.commands()
                .contains(List.of("install", "-d", "-m", "0700", paths.caDir().toString())));
        assertTrue(plan.commands()
                .contains(
                        List.of("install", "-d", "-m", "0700", paths.stateDir().toString())));
        assertEquals(
                List.of(
                        "generating the registry CA (" + paths.caCrt() + "; its key stays in " + paths.caKey()
                                + ", mode 0600)",
                        "generating the registry certificate for"
                                + " DNS:localhost,DNS:wpstack-registry.internal,IP:10.0.0.5,IP:127.0.0.1",
                        "created secret registry_tls_crt_" + prepared.tlsHash(),
                        "created secret registry_tls_key_" + prepared.tlsHash()),
                RegistryFixtures.messages(plan));
        assertTrue(plan.commands()
                .contains(List.of(
                        "docker",
                        "secret",
                        "create",
                        "--label",
                        "io.wpstack.stack=registry",
                        "registry_tls_crt_" + prepared.tlsHash(),
                        paths.serverCrt().toString())));
        String crt = RegistryFixtures.write(plan, paths.serverCrt()).content();
        String key = RegistryFixtures.write(plan, paths.serverKey()).content();
        assertEquals(Registry.contentHash(crt + key), prepared.tlsHash());
        assertFalse(prepared.trusted());
    }

    @Test
    void secondRunKeepsEveryFileAndSecret() {
        var settings = RegistryFixtures.settings(true);
        var first = prepare(settings, RegistryFixtures.NOW, ADDRESSES, Set.of());
        RegistryFixtures.applyWrites(first.plan());
        var secrets = createdSecrets(first.plan());
        assertEquals(3, secrets.size());
        var second = prepare(settings, RegistryFixtures.NOW.plus(Duration.ofDays(1)), ADDRESSES, secrets);
        assertEquals(List.of(), second.plan().steps());
        assertEquals(first.tlsHash(), second.tlsHash());
        assertEquals(first.htpasswdHash(), second.htpasswdHash());
    }

    @Test
    void aNewSecretIsCreatedOnlyWhenItsContentIsNew() {
        var settings = RegistryFixtures.settings(false);
        var first = prepare(settings, RegistryFixtures.NOW, ADDRESSES, Set.of());
        RegistryFixtures.applyWrites(first.plan());
        var second = prepare(settings, RegistryFixtures.NOW, ADDRESSES, Set.of());
        assertEquals(createdSecrets(first.plan()), createdSecrets(second.plan()));
        assertEquals(List.of(), RegistryFixtures.written(second.plan()));
    }

    @Test
    void certificateIsReissuedWhenTheSanListChangesAndTheCaKept() {
        var paths = RegistryFixtures.paths(dir);
        var settings = RegistryFixtures.settings(false);
        var first = prepare(settings, RegistryFixtures.NOW, ADDRESSES, Set.of());
        RegistryFixtures.applyWrites(first.plan());
        var second =
                prepare(settings, RegistryFixtures.NOW, List.of("10.0.0.5", "10.0.0.9"), createdSecrets(first.plan()));
        assertEquals(
                List.of(paths.serverKey(), paths.serverCrt(), paths.caSerial(), paths.serverSan()),
                RegistryFixtures.written(second.plan()));
        assertEquals(
                "DNS:localhost,DNS:wpstack-registry.internal,IP:10.0.0.5,IP:10.0.0.9,IP:127.0.0.1\n",
                RegistryFixtures.write(second.plan(), paths.serverSan()).content());
        assertNotEquals(first.tlsHash(), second.tlsHash());
        assertEquals(2, createdSecrets(second.plan()).size());
    }

    @Test
    void certificateIsReissuedWhenTheNameChanges() {
        var first = prepare(RegistryFixtures.settings(false), RegistryFixtures.NOW, ADDRESSES, Set.of());
        RegistryFixtures.applyWrites(first.plan());
        var other = new RegistrySettings("registry", "other.internal", 5001, false);
        var second = prepare(other, RegistryFixtures.NOW, ADDRESSES, Set.of());
        assertTrue(RegistryFixtures.written(second.plan())
                .contains(RegistryFixtures.paths(dir).serverCrt()));
    }

    @Test
    void certificateIsReissuedThirtyDaysBeforeItExpires() {
        var paths = RegistryFixtures.paths(dir);
        var settings = RegistryFixtures.settings(false);
        var first = prepare(settings, RegistryFixtures.NOW, ADDRESSES, Set.of());
        RegistryFixtures.applyWrites(first.plan());
        Instant end = RegistryFixtures.NOW.plus(Duration.ofDays(Pki.CERT_DAYS));
        var early = prepare(settings, end.minus(Duration.ofDays(31)), ADDRESSES, createdSecrets(first.plan()));
        assertEquals(List.of(), early.plan().steps());
        var late = prepare(settings, end.minus(Duration.ofDays(29)), ADDRESSES, Set.of());
        assertEquals(
                List.of(paths.serverKey(), paths.serverCrt(), paths.caSerial(), paths.serverSan()),
                RegistryFixtures.written(late.plan()));
    }

    @Test
    void aCaNearItsEndIsReplacedAndTheCertificateReissued() {
        var paths = RegistryFixtures.paths(dir);
        var settings = RegistryFixtures.settings(false);
        RegistryFixtures.applyWrites(
                prepare(settings, RegistryFixtures.NOW, ADDRESSES, Set.of()).plan());
        Instant late = RegistryFixtures.NOW.plus(Duration.ofDays(Pki.CA_DAYS - 29));
        var renewed = prepare(settings, late, ADDRESSES, Set.of());
        assertTrue(RegistryFixtures.written(renewed.plan())
                .containsAll(List.of(paths.caKey(), paths.caCrt(), paths.serverCrt())));
    }

    @Test
    void aNewCaReissuesTheCertificateItDidNotSign() throws IOException {
        var paths = RegistryFixtures.paths(dir);
        var settings = RegistryFixtures.settings(false);
        RegistryFixtures.applyWrites(
                prepare(settings, RegistryFixtures.NOW, ADDRESSES, Set.of()).plan());
        Files.delete(paths.caKey());
        var second = prepare(settings, RegistryFixtures.NOW, ADDRESSES, Set.of());
        assertEquals(
                List.of(
                        paths.caKey(),
                        paths.caCrt(),
                        paths.serverKey(),
                        paths.serverCrt(),
                        paths.caSerial(),
                        paths.serverSan()),
                RegistryFixtures.written(second.plan()));
    }

    @Test
    void keepsAndReusesTheFilesTheBashVersionMade() throws IOException {
        var paths = RegistryFixtures.paths(dir);
        Files.createDirectories(paths.stateDir());
        for (String name : List.of("ca.key", "ca.crt", "ca.srl")) {
            Files.writeString(paths.caDir().resolve(name), RegistryFixtures.bashMade(name));
        }
        for (String name : List.of("server.key", "server.crt", "server.san", "settings")) {
            Files.writeString(paths.stateDir().resolve(name), RegistryFixtures.bashMade(name));
        }
        var settings = RegistryFixtures.settings(false);
        Instant created = Pki.certificateOrNull(RegistryFixtures.bashMade("server.crt"))
                .getNotBefore()
                .toInstant();
        var prepared = prepare(settings, created.plus(Duration.ofDays(1)), ADDRESSES, Set.of());
        assertEquals(List.of(), RegistryFixtures.written(prepared.plan()));
        assertEquals(
                Registry.contentHash(RegistryFixtures.bashMade("server.crt") + RegistryFixtures.bashMade("server.key")),
                prepared.tlsHash());
        var moved = prepare(settings, created.plus(Duration.ofDays(1)), List.of("10.0.0.7"), Set.of());
        assertFalse(RegistryFixtures.written(moved.plan()).contains(paths.caCrt()));
        assertTrue(RegistryFixtures.written(moved.plan()).contains(paths.serverCrt()));
    }

    @Test
    void authMakesThePasswordOnceAndAnHtpasswdThatVerifies() {
        var paths = RegistryFixtures.paths(dir);
        var prepared = prepare(RegistryFixtures.settings(true), RegistryFixtures.NOW, ADDRESSES, Set.of());
        String auth = RegistryFixtures.write(prepared.plan(), paths.auth()).content();
        assertTrue(auth.matches("[A-Za-z0-9]{32}\n"), auth);
        var htpasswd = RegistryFixtures.write(prepared.plan(), paths.htpasswd());
        assertEquals("rw-------", htpasswd.mode());
        assertEquals(
                "rw-------",
                RegistryFixtures.write(prepared.plan(), paths.auth()).mode());
        assertTrue(htpasswd.content().startsWith("wpstack:$2y$05$"));
        assertTrue(Htpasswd.verifies(htpasswd.content(), "wpstack", auth.strip()));
        assertFalse(Htpasswd.verifies(htpasswd.content(), "wpstack", "wrong"));
        assertEquals(Registry.contentHash(htpasswd.content()), prepared.htpasswdHash());
        assertTrue(RegistryFixtures.messages(prepared.plan())
                .contains("basic auth: user wpstack, password in " + paths.auth() + " (mode 0600)"));
    }

    @Test
    void aChangedPasswordRemakesTheHtpasswd() throws IOException {
        var paths = RegistryFixtures.paths(dir);
        var settings = RegistryFixtures.settings(true);
        RegistryFixtures.applyWrites(
                prepare(settings, RegistryFixtures.NOW, ADDRESSES, Set.of()).plan());
        Files.writeString(paths.auth(), "new-password\n");
        var second = prepare(settings, RegistryFixtures.NOW, ADDRESSES, Set.of());
        assertEquals(List.of(paths.htpasswd()), RegistryFixtures.written(second.plan()));
        assertTrue(Htpasswd.verifies(
                RegistryFixtures.write(second.plan(), paths.htpasswd()).content(), "wpstack", "new-password"));
    }

    @Test
    void trustedOnlyWhenCertsDHoldsTheSameCa() throws IOException {
        var paths = RegistryFixtures.paths(dir);
        var settings = RegistryFixtures.settings(false);
        RegistryFixtures.applyWrites(
                prepare(settings, RegistryFixtures.NOW, ADDRESSES, Set.of()).plan());
        Files.createDirectories(paths.trustDir(settings));
        Files.copy(paths.caCrt(), paths.trustedCa(settings));
        assertTrue(prepare(settings, RegistryFixtures.NOW, ADDRESSES, Set.of()).trusted());
    }

    @Test
    void deploysBothStackFilesWithAuthAndEveryHash() {
        var prepared = new RegistryUp.Prepared(Plan.of(), "aaaaaaaaaaaa", "bbbbbbbbbbbb", "", false);
        var settings = new RegistrySettings("registry", "r.internal", 6000, true);
        Plan plan = RegistryUp.deploy(
                settings,
                Path.of("/repo"),
                "wpstack/registry:id-123",
                "node.role == manager",
                "cccccccccccc",
                prepared,
                true);
        var run = (Step.Run) plan.steps().get(1);
        assertEquals(
                List.of(
                        "docker",
                        "stack",
                        "deploy",
                        "--detach=true",
                        "--prune",
                        "--resolve-image",
                        "never",
                        "-c",
                        "/repo/stacks/registry.yml",
                        "-c",
                        "/repo/stacks/registry-auth.yml",
                        "registry"),
                run.argv());
        assertEquals(
                Map.of(
                        "STACK", "registry",
                        "REGISTRY_IMAGE", "wpstack/registry:id-123",
                        "REGISTRY_PORT", "6000",
                        "REGISTRY_CONSTRAINT", "node.role == manager",
                        "REGISTRY_CONFIG_HASH", "cccccccccccc",
                        "REGISTRY_TLS_HASH", "aaaaaaaaaaaa",
                        "REGISTRY_HTPASSWD_HASH", "bbbbbbbbbbbb"),
                run.environment());
        assertEquals(
                "deploying stack registry (wpstack/registry:id-123, port 6000, node.role == manager)",
                plan.steps().get(0).description());
    }

    @Test
    void deploysWithoutDetachOnAnOldClientAndWithoutAuth() {
        var prepared = new RegistryUp.Prepared(Plan.of(), "aaaaaaaaaaaa", "", "", false);
        Plan plan =
                RegistryUp.deploy(RegistryFixtures.settings(false), Path.of("/repo"), "img", "c", "h", prepared, false);
        assertEquals(
                List.of(
                        "docker",
                        "stack",
                        "deploy",
                        "--prune",
                        "--resolve-image",
                        "never",
                        "-c",
                        "/repo/stacks/registry.yml",
                        "registry"),
                plan.commands().getFirst());
    }

    @Test
    void runsOnTheLabelledNodeWhenThereIsOne() {
        assertEquals("node.labels.wpstack.registry == true", RegistryUp.constraint(true));
        assertEquals("node.role == manager", RegistryUp.constraint(false));
    }

    @Test
    void finishRemovesOnlyOlderSecretsAndConfigsOfTheStack() {
        var prepared = new RegistryUp.Prepared(Plan.of(), "aaaaaaaaaaaa", "", "", true);
        Plan plan = RegistryUp.finish(
                RegistryFixtures.settings(false),
                prepared,
                "cccccccccccc",
                List.of(
                        "registry_tls_crt_aaaaaaaaaaaa",
                        "registry_tls_key_aaaaaaaaaaaa",
                        "registry_tls_crt_111111111111",
                        "registry_htpasswd_222222222222",
                        "registry_other"),
                List.of("registry_config_cccccccccccc", "registry_config_333333333333"),
                Duration.ofSeconds(7));
        assertEquals(
                List.of(
                        List.of("docker", "secret", "rm", "registry_tls_crt_111111111111"),
                        List.of("docker", "secret", "rm", "registry_htpasswd_222222222222"),
                        List.of("docker", "config", "rm", "registry_config_333333333333")),
                plan.commands());
        assertEquals(
                List.of(
                        "removing old secret registry_tls_crt_111111111111",
                        "removing old secret registry_htpasswd_222222222222",
                        "",
                        "registry wpstack-registry.internal:5001 is up after 7s",
                        "this engine already trusts it; push with: ./wpstack build --push --registry"
                                + " wpstack-registry.internal:5001"),
                plan.steps().stream().map(Step::description).toList());
    }

    @Test
    void finishSaysToTrustWhenNotTrustedOrWithAuth() {
        var prepared = new RegistryUp.Prepared(Plan.of(), "a", "b", "", true);
        Plan plan = RegistryUp.finish(
                new RegistrySettings("reg2", "r.internal", 6000, true),
                prepared,
                "c",
                List.of(),
                List.of(),
                Duration.ZERO);
        assertEquals(
                "next: WPSTACK_REGISTRY_STACK=reg2 ./wpstack registry trust --name r.internal --port 6000 (this node:"
                        + " CA, name, and login with auth), then ./wpstack build --push --registry r.internal:6000",
                plan.steps().getLast().description());
    }

    @Test
    void aPortHeldByAnotherProgramIsAnError() {
        var settings = RegistryFixtures.settings(false);
        var e = assertThrows(
                WpstackException.class,
                () -> Registry.checkPortFree(settings, true, true, () -> "caddy_1 (service wpstack_caddy)"));
        assertEquals(
                "port 5001 is already in use by caddy_1 (service wpstack_caddy); stop it, or choose another port"
                        + " (./wpstack registry up --port PORT)",
                e.getMessage());
        Registry.checkPortFree(settings, true, true, () -> "registry_registry.1.x (service registry_registry)");
        Registry.checkPortFree(settings, true, false, () -> "never asked");
        Registry.checkPortFree(settings, false, true, () -> "never asked");
    }

    @Test
    void aSwarmIsCreatedWhenTheEngineIsInNone() {
        var reads = new FakeRegistryReads();
        reads.swarmState = "inactive";
        Context context =
                RegistryFixtures.app(dir, Map.of(), new RecordingExecutor()).context();
        Plan plan = Registry.ensureSwarm(context, reads);
        assertEquals(List.of(List.of("docker", "swarm", "init", "--advertise-addr", "10.0.0.5")), plan.commands());
        reads.defaultRoute = null;
        assertEquals(
                List.of(List.of("docker", "swarm", "init", "--advertise-addr", "127.0.0.1")),
                Registry.ensureSwarm(context, reads).commands());
        Context given = RegistryFixtures.app(
                        dir, Map.of("WPSTACK_ADVERTISE_ADDR", "192.168.0.2"), new RecordingExecutor())
                .context();
        assertEquals(
                List.of(List.of("docker", "swarm", "init", "--advertise-addr", "192.168.0.2")),
                Registry.ensureSwarm(given, reads).commands());
    }

    @Test
    void aWorkerOrLockedSwarmIsAnError() {
        var reads = new FakeRegistryReads();
        Context context =
                RegistryFixtures.app(dir, Map.of(), new RecordingExecutor()).context();
        assertEquals(List.of(), Registry.ensureSwarm(context, reads).steps());
        reads.manager = false;
        assertEquals(
                "this engine is a swarm worker; run wpstack on a manager node (docker node ls there)",
                assertThrows(WpstackException.class, () -> Registry.ensureSwarm(context, reads))
                        .getMessage());
        reads.swarmState = "locked";
        assertEquals(
                "the swarm is locked (autolock); unlock it with: docker swarm unlock",
                assertThrows(WpstackException.class, () -> Registry.ensureSwarm(context, reads))
                        .getMessage());
    }

    @Test
    void theTimeoutNamesTheLastStatusAndTheTasks() {
        assertEquals(
                "the registry did not answer at https://wpstack-registry.internal:5001/v2/ within 120s (last HTTP"
                        + " status: 000); its latest tasks: registry_registry.1 node-1 Running a; b; c; see docker"
                        + " service logs registry_registry",
                RegistryUp.timeoutMessage(
                        RegistryFixtures.settings(false),
                        0,
                        List.of("registry_registry.1 node-1 Running a", "b", "c", "d")));
        assertTrue(RegistryUp.timeoutMessage(RegistryFixtures.settings(false), -1, List.of())
                .contains("(last HTTP status: none); its latest tasks: none;"));
    }

    @Test
    void upRunsEveryPhaseInOrderWithAGivenImage() throws IOException {
        Files.createDirectories(dir.resolve("config/registry"));
        Files.writeString(dir.resolve("config/registry/config.yml"), "version: 0.1\n");
        var reads = new FakeRegistryReads();
        reads.images.add("mirror/registry:2");
        reads.probe = 401;
        var executor = new RecordingExecutor();
        var app = RegistryFixtures.app(dir, Map.of("WPSTACK_REGISTRY_IMAGE", "mirror/registry:2"), executor);
        int code = new RegistryUp(
                        app, RegistryFixtures.runtime(dir, reads, RegistryFixtures.ticking(RegistryFixtures.NOW)))
                .call();
        assertEquals(0, code);
        var deploy = executor.steps().stream()
                .filter(step -> step instanceof Step.Run run && run.argv().contains("deploy"))
                .map(Step.Run.class::cast)
                .findFirst()
                .orElseThrow();
        assertEquals("mirror/registry:2", deploy.environment().get("REGISTRY_IMAGE"));
        assertEquals(
                Registry.contentHash("version: 0.1\n"), deploy.environment().get("REGISTRY_CONFIG_HASH"));
        List<String> messages = executor.messages();
        assertTrue(
                messages.contains("waiting for https://wpstack-registry.internal:5001/v2/ (at most 120s)"),
                messages.toString());
        assertTrue(messages.stream()
                .anyMatch(m -> m.startsWith("registry answers at https://wpstack-registry.internal:5001/v2/")));
        assertTrue(messages.getLast().startsWith("next: ./wpstack registry trust (this node"), messages.getLast());
    }

    @Test
    void upFailsWhenTheRegistryNeverAnswers() throws IOException {
        Files.createDirectories(dir.resolve("config/registry"));
        Files.writeString(dir.resolve("config/registry/config.yml"), "version: 0.1\n");
        var reads = new FakeRegistryReads();
        reads.images.add("mirror/registry:2");
        reads.probe = 0;
        var app = RegistryFixtures.app(
                dir, Map.of("WPSTACK_REGISTRY_IMAGE", "mirror/registry:2"), new RecordingExecutor());
        var up = new RegistryUp(
                app, RegistryFixtures.runtime(dir, reads, RegistryFixtures.ticking(RegistryFixtures.NOW)));
        var e = assertThrows(WpstackException.class, up::call);
        assertTrue(e.getMessage().startsWith("the registry did not answer at"), e.getMessage());
        assertTrue(reads.probes > 10);
    }

    @Test
    void aMissingGivenImageIsAnErrorSayingHowToLoadIt() {
        var reads = new FakeRegistryReads();
        var app = RegistryFixtures.app(dir, Map.of("WPSTACK_REGISTRY_IMAGE", "nope:1"), new RecordingExecutor());
        var e = assertThrows(
                WpstackException.class,
                () -> new RegistryImage(app, reads, RegistryFixtures.ticking(RegistryFixtures.NOW)).image());
        assertEquals(RegistryImage.givenMissing("nope:1"), e.getMessage());
        assertTrue(e.getMessage().startsWith("WPSTACK_REGISTRY_IMAGE=nope:1 is not an image of this engine"));
    }

    @Test
    void buildsTheImageFromTheLocalBaseAndTagsItByContent() throws IOException {
        Files.writeString(
                dir.resolve("pom.xml"), "<project><properties><revision>1.2.3</revision></properties></project>");
        var reads = new FakeRegistryReads();
        reads.images.add("debian:trixie-slim");
        reads.imageIds.put("wpstack/registry:latest", "sha256:0123456789abcdef0123");
        var executor = new RecordingExecutor();
        var app = RegistryFixtures.app(dir, Map.of(), executor);
        String image = new RegistryImage(app, reads, RegistryFixtures.ticking(RegistryFixtures.NOW)).image();
        assertEquals("wpstack/registry:id-0123456789ab", image);
        List<List<String>> commands =
                executor.plans.stream().flatMap(p -> p.commands().stream()).toList();
        assertEquals(
                List.of(
                        "docker",
                        "build",
                        "--force-rm",
                        "--file",
                        dir.resolve("images/registry/Dockerfile").toString(),
                        "--build-arg",
                        "BASE_IMAGE=debian:trixie-slim",
                        "--build-arg",
                        "VERSION=1.2.3",
                        "--build-arg",
                        "REVISION=abc123",
                        "--tag",
                        "wpstack/registry:1.2.3",
                        "--tag",
                        "wpstack/registry:latest",
                        dir.resolve("images/registry").toString()),
                commands.get(0));
        assertEquals(
                List.of("docker", "tag", "wpstack/registry:latest", "wpstack/registry:id-0123456789ab"),
                commands.get(1));
        assertTrue(executor.messages().contains("base image: debian:trixie-slim (present locally)"));
    }

    @Test
    void commandLineRefusesBadFlagsInBothSpellings() {
        var executor = new RecordingExecutor();
        var app = RegistryFixtures.app(dir, Map.of(), executor);
        for (List<String> args : List.of(
                List.of("up", "--name=foo_bar"), List.of("up", "--name", "foo_bar"), List.of("trust", "--port", "0"))) {
            var cl = new RegistryCommand(app).withSubcommands();
            var thrown = new java.util.ArrayList<Exception>();
            cl.setExecutionExceptionHandler((e, c, p) -> {
                thrown.add(e);
                return 2;
            });
            cl.setErr(new java.io.PrintWriter(new PrintStream(PrintStream.nullOutputStream())));
            assertEquals(2, cl.execute(args.toArray(String[]::new)), args.toString());
            assertTrue(thrown.getFirst() instanceof UsageException, args.toString());
        }
        assertEquals(List.of(), executor.plans);
    }

    @Test
    void registryWithoutOrWithAnUnknownSubcommandIsAUsageError() {
        var app = RegistryFixtures.app(dir, Map.of(), new RecordingExecutor());
        var command = new RegistryCommand(app);
        assertEquals(
                "name a subcommand: up, trust, down or status",
                assertThrows(UsageException.class, command::call).getMessage());
        command.unknown = List.of("start");
        assertEquals(
                "unknown subcommand \"start\"; one of: up, trust, down, status",
                assertThrows(UsageException.class, command::call).getMessage());
    }
}
