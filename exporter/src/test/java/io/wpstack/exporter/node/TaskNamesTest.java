package io.wpstack.exporter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskNamesTest {
    @ParameterizedTest(name = "{0} of {1} -> slot \"{3}\"")
    @CsvSource(
            nullValues = "none",
            value = {
                // task name,                                service,          task id,     slot
                "web.1.abc123,                               web,              abc123,      1",
                "web.12.abc123,                              web,              abc123,      12",
                // a global service's task: the node id in the middle, no slot
                "agent.i2th58l3jc7166zhjamjx2l19.abc123,     agent,            abc123,      ''",
                // a service name with dots and digits
                "shop_web.v2.3.abc123,                       shop_web.v2,      abc123,      3",
                "a.b.1.2.abc123,                             a.b.1,            abc123,      2",
                // names that do not follow SERVICE.X.TASKID
                "web.abc123,                                 web,              abc123,      ''",
                "other.1.abc123,                             web,              abc123,      ''",
                "web.1.xyz,                                  web,              abc123,      ''",
                "'',                                         web,              abc123,      ''",
                "web.1.abc123,                               '',               abc123,      ''",
            })
    void slotIsTheMiddlePartWhenItIsANumber(String taskName, String service, String taskId, String slot) {
        assertEquals(slot, TaskNames.slot(TaskNames.middle(taskName, service, taskId)));
    }

    @ParameterizedTest
    @CsvSource({
        "Exited (137) 2 minutes ago, 137",
        "Exited (0) 1 second ago, 0",
        "Up 5 seconds, -1",
        "Created, -1",
        "Exited (x) now, -1",
    })
    void exitCodeComesFromTheStatusText(String status, int code) {
        assertEquals(code, TaskContainer.exitCode(status));
    }
}
