package io.wpstack.exporter.sd;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.wpstack.engine.Json;
import io.wpstack.engine.JsonArrays;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/** Reads the tasks service discovery needs from GET /tasks, and writes Prometheus's http_sd JSON. */
public final class SdJson {
    private static final JsonFactory JSON = new JsonFactory();

    private SdJson() {}

    /** The tasks of a GET /tasks answer; only the fields discovery reads are kept (not each task's spec). */
    public static List<SdTask> tasks(InputStream in) throws IOException {
        return JsonArrays.read(
                in,
                Set.of("ServiceID", "NodeID", "Slot", "DesiredState", "Status", "NetworksAttachments"),
                SdJson::task);
    }

    static SdTask task(Json json) {
        return new SdTask(
                json.string("ServiceID"),
                json.string("NodeID"),
                json.number(0, "Slot"),
                json.string("DesiredState"),
                json.string("Status", "State"),
                json.objects("NetworksAttachments").stream()
                        .map(SdJson::attachment)
                        .toList());
    }

    private static SdTask.Attachment attachment(Json json) {
        List<String> addresses = json.strings("Addresses");
        String address = addresses.isEmpty() ? "" : addresses.getFirst();
        int slash = address.indexOf('/');
        String driver = json.string("Network", "DriverState", "Name");
        return new SdTask.Attachment(
                json.string("Network", "Spec", "Name"),
                driver.isEmpty() ? json.string("Network", "Spec", "DriverConfiguration", "Name") : driver,
                json.bool("Network", "Spec", "Ingress"),
                slash < 0 ? address : address.substring(0, slash));
    }

    /** [{"targets":["10.0.1.5:9100"],"labels":{"node":"...","service":"...","stack":"...","slot":"1"}},...] */
    public static byte[] write(List<Discovery.TargetGroup> groups) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + groups.size() * 160);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            for (Discovery.TargetGroup group : groups) {
                json.writeStartObject();
                json.writeArrayFieldStart("targets");
                json.writeString(group.target());
                json.writeEndArray();
                json.writeObjectFieldStart("labels");
                json.writeStringField("node", group.node());
                json.writeStringField("service", group.service());
                json.writeStringField("stack", group.stack());
                json.writeStringField("slot", group.slot());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to memory", e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
