package io.github.signalbox.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

/**
 * README.md and docs/*.md render as their authors meant: every table parses as a table (a header
 * and delimiter row with the same number of cells; otherwise CommonMark shows raw text), and every
 * row has as many cells as the header (an unescaped {@code |} inside a cell splits it, a stray
 * cell is dropped silently by renderers).
 */
class DocsTablesTest {

    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS).build();

    private static List<Path> documents() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        docs.add(root.resolve("CHANGELOG.md"));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        docs.removeIf(p -> !Files.exists(p));
        return docs;
    }

    @Test
    void everyTableRowHasAsManyCellsAsItsHeader() throws IOException {
        List<String> problems = new ArrayList<>();
        int tables = 0;
        for (Path doc : documents()) {
            String text = Files.readString(doc);
            Node document = PARSER.parse(text);
            TableChecker checker = new TableChecker(doc.getFileName().toString(),
                    text.split("\n", -1), problems);
            document.accept(checker);
            tables += checker.tables;
            problems.addAll(tableLikeParagraphs(doc.getFileName().toString(), document));
        }
        assertTrue(tables > 10, "found the documents' tables: " + tables);
        assertEquals(List.of(), problems);
    }

    /** Paragraphs that start like a table row: a table CommonMark did not recognize. */
    private static List<String> tableLikeParagraphs(String doc, Node document) {
        List<String> found = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Paragraph paragraph) {
                Node first = paragraph.getFirstChild();
                if (first instanceof Text && ((Text) first).getLiteral().startsWith("|")) {
                    String literal = ((Text) first).getLiteral();
                    found.add(doc + ": text that looks like a table but does not parse as one: "
                            + literal.substring(0, Math.min(80, literal.length())));
                }
            }
        });
        return found;
    }

    private static final class TableChecker extends AbstractVisitor {
        private final String doc;
        private final String[] lines;
        private final List<String> problems;
        int tables;

        TableChecker(String doc, String[] lines, List<String> problems) {
            this.doc = doc;
            this.lines = lines;
            this.problems = problems;
        }

        @Override
        public void visit(CustomBlock block) {
            if (block instanceof TableBlock) {
                tables++;
                check((TableBlock) block);
            }
            visitChildren(block);
        }

        /**
         * The parser pads or truncates every row to the header's width, so the cells are
         * counted in the source line of each row (the table block's lines: header, delimiter,
         * body rows).
         */
        private void check(TableBlock table) {
            SourceSpan span = table.getSourceSpans().get(0);
            int first = span.getLineIndex();
            int last = table.getSourceSpans().get(table.getSourceSpans().size() - 1).getLineIndex();
            int header = cellsIn(lines[first]);
            for (int i = first + 1; i <= last; i++) {
                int cells = cellsIn(lines[i]);
                if (cells != header) {
                    String line = lines[i].strip();
                    problems.add(doc + ":" + (i + 1) + ": " + cells + " cells, header " + header
                            + ": " + line.substring(0, Math.min(70, line.length())));
                }
            }
        }
    }

    /**
     * Cells in a GFM table line: split at every {@code |} not escaped by a backslash (GFM splits
     * inside code spans too), leading and trailing pipes being optional.
     */
    static int cellsIn(String line) {
        String row = line.strip();
        List<Integer> pipes = new ArrayList<>();
        for (int i = 0; i < row.length(); i++) {
            if (row.charAt(i) == '\\') {
                i++;
            } else if (row.charAt(i) == '|') {
                pipes.add(i);
            }
        }
        int cells = pipes.size() + 1;
        if (!pipes.isEmpty() && pipes.get(0) == 0) {
            cells--;
        }
        if (!pipes.isEmpty() && pipes.get(pipes.size() - 1) == row.length() - 1
                && row.length() > 1) {
            cells--;
        }
        return cells;
    }
}
