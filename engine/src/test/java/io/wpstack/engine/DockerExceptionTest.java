package io.wpstack.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.Test;

class DockerExceptionTest {
    @Test
    void aSocketThisUserMayNotOpenNamesTheUserFixNotDockerd() {
        for (IOException denied : new IOException[] {
            new AccessDeniedException("/var/run/docker.sock"), new SocketException("Permission denied")
        }) {
            String message = new DockerException.Unreachable("unix:///var/run/docker.sock", denied).getMessage();
            assertTrue(message.contains("--user 0"), message);
            assertTrue(message.contains("--group-add"), message);
            assertFalse(message.contains("start dockerd"), message);
        }
    }

    @Test
    void aMissingDaemonStillSaysStartDockerd() {
        String message = new DockerException.Unreachable(
                        "unix:///var/run/docker.sock", new IOException("Connection refused"))
                .getMessage();
        assertTrue(message.contains("start dockerd"), message);
        assertFalse(message.contains("--group-add"), message);
    }
}
