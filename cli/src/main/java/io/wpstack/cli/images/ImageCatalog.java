package io.wpstack.cli.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.model.StackFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The images wpstack builds, from images/images.yml (their names and build contexts), in name
 * order (the order bash listed the images/NAME folders in). Which images a stack runs is read from its compose
 * file ({@link #runBy}), so no list of a stack's images is kept here.
 */
public record ImageCatalog(List<BuiltImage> images) {
    public static final String FILE = "images/images.yml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public ImageCatalog {
        images = images.stream().sorted(Comparator.comparing(BuiltImage::name)).toList();
    }

    /** The repository's catalog; every image's Dockerfile and context must exist. */
    public static ImageCatalog read(Path root) {
        String text;
        try {
            text = Files.readString(root.resolve(FILE));
        } catch (NoSuchFileException e) {
            throw new WpstackException(
                    FILE + " is missing; it lists the images ./wpstack build builds (restore it from git)");
        } catch (IOException e) {
            throw new WpstackException("cannot read " + FILE + ": " + e.getMessage());
        }
        ImageCatalog catalog = parse(text);
        for (BuiltImage image : catalog.images()) {
            if (!Files.isRegularFile(root.resolve(image.dockerfile()))) {
                throw new WpstackException("cannot build " + image.repository() + ": " + image.dockerfile()
                        + " does not exist; add it or remove " + image.name() + " from " + FILE);
            }
            if (!Files.isDirectory(root.resolve(image.context()))) {
                throw new WpstackException(FILE + ": the context \"" + image.context() + "\" of " + image.name()
                        + " is not a folder of the repository; fix its context");
            }
        }
        return catalog;
    }

    /** The catalog of images.yml's TEXT. */
    public static ImageCatalog parse(String text) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (IOException e) {
            throw new WpstackException("cannot parse " + FILE + ": " + e.getMessage());
        }
        JsonNode images = tree == null ? null : tree.get("images");
        if (images == null || !images.isObject()) {
            throw new WpstackException(FILE + " has no \"images:\" map; write images: NAME: {context: FOLDER}");
        }
        List<BuiltImage> list = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : images.properties()) {
            String name = entry.getKey();
            if (!NAME.matcher(name).matches()) {
                throw new WpstackException(FILE + ": \"" + name
                        + "\" is not an image name (lower-case letters, digits and dashes, as its folder images/NAME)");
            }
            JsonNode spec = entry.getValue();
            String context = "images/" + name;
            if (spec != null && spec.isObject()) {
                for (Map.Entry<String, JsonNode> field : spec.properties()) {
                    if (!field.getKey().equals("context")) {
                        throw new WpstackException(FILE + ": " + name + " has the unknown key \"" + field.getKey()
                                + "\"; an image has only a context");
                    }
                    context = field.getValue().asText();
                }
            } else if (spec != null && !spec.isNull()) {
                throw new WpstackException(FILE + ": " + name + " must be a map ({} or {context: FOLDER})");
            }
            list.add(new BuiltImage(name, context));
        }
        return new ImageCatalog(list);
    }

    public List<String> names() {
        return images.stream().map(BuiltImage::name).toList();
    }

    public Optional<BuiltImage> find(String name) {
        return images.stream().filter(image -> image.name().equals(name)).findFirst();
    }

    /** The image NAME, or an error saying to declare it. */
    public BuiltImage get(String name) {
        return find(name)
                .orElseThrow(() -> new WpstackException("wpstack/" + name + " is not one of the images in " + FILE
                        + "; add it there (images: " + name + ": {}), with its build context if not images/" + name));
    }

    /**
     * The images STACK's services run (image: ${NAME_IMAGE:-wpstack/NAME:latest}), once each, in the
     * order of the compose file; one it does not declare is an error.
     */
    public List<BuiltImage> runBy(StackFile stack) {
        var names = new LinkedHashSet<String>();
        for (StackFile.Service service : stack.services()) {
            service.builtImage().ifPresent(names::add);
        }
        return names.stream().map(this::get).toList();
    }

    /** The services of STACK that run the image NAME. */
    public static List<String> services(StackFile stack, String name) {
        return stack.services().stream()
                .filter(service -> service.builtImage().filter(name::equals).isPresent())
                .map(StackFile.Service::name)
                .toList();
    }
}
