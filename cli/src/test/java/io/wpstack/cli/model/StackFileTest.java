package io.wpstack.cli.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackFileTest {
    @Test
    void configsKeepTheirNameTemplatesAndAnUnnamedOneReadsAsEmpty() throws Exception {
        var tree = new ObjectMapper(new YAMLFactory())
                .readTree("configs:\n  caddyfile:\n    name: ${STACK:-wpstack}_caddyfile_${H}\n    file: x\n"
                        + "  plain:\n    file: y\n");
        assertEquals(
                List.of(
                        new StackFile.Config("caddyfile", "${STACK:-wpstack}_caddyfile_${H}"),
                        new StackFile.Config("plain", "")),
                StackFile.parse("stacks/x.yml", tree).configs());
    }
}
