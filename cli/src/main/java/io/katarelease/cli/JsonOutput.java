package io.katarelease.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.katarelease.core.ReleaseException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --json}: one JSON document on standard output, for results and for failures. */
final class JsonOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);

    private JsonOutput() {}

    static void result(PrintWriter out, String command, int exitCode, Object result) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", command);
        doc.put("exitCode", exitCode);
        doc.put("result", result);
        write(out, doc);
    }

    static void failure(PrintWriter out, String command, int exitCode, ReleaseException.Reason reason, String message,
            Object details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("reason", reason.name());
        error.put("message", message);
        if (details != null) {
            error.put("details", details);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", command);
        doc.put("exitCode", exitCode);
        doc.put("error", error);
        write(out, doc);
    }

    private static void write(PrintWriter out, Object doc) {
        try {
            out.println(MAPPER.writeValueAsString(doc));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result not serialisable as JSON", e);
        }
    }
}
