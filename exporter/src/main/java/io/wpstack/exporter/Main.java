package io.wpstack.exporter;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("docker-exporter");
    }
}
