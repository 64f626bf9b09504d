package io.sluice.worker.load;

import io.sluice.common.errors.DumpLoadErrors;
import io.sluice.worker.dump.DataFileFormat;
import io.sluice.worker.dump.DumpLayout;
import io.sluice.worker.dump.DumpLayout.DumpedTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/** What a finished dump directory holds: schema files, table schema files and data files. */
record DumpContents(Path dir, List<String> schemas, List<TableFile> tableSchemas, List<DataFile> dataFiles) {

    record TableFile(DumpedTable table, Path path) {
    }

    record DataFile(DumpedTable table, Path path, long size) {
        String name() {
            return path.getFileName().toString();
        }
    }

    Path schemaFileOf(String db) {
        return dir.resolve(DumpLayout.schemaCreateFile(db));
    }

    static DumpContents scan(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw DumpLoadErrors.LOAD_READ_DIR.wrap(e, dir);
        }
        TreeSet<String> schemas = new TreeSet<>();
        for (Path p : files) {
            DumpLayout.schemaOf(p.getFileName().toString()).ifPresent(schemas::add);
        }
        List<TableFile> tables = new ArrayList<>();
        List<DataFile> data = new ArrayList<>();
        for (Path p : files) {
            String name = p.getFileName().toString();
            Optional<DumpedTable> t = DumpLayout.tableSchemaOf(name, schemas);
            if (t.isPresent()) {
                tables.add(new TableFile(t.get(), p));
                continue;
            }
            Optional<DumpedTable> d = DumpLayout.dataFileOf(name, schemas);
            if (d.isPresent()) {
                data.add(dataFile(p, d.get()));
            }
        }
        return new DumpContents(dir, List.copyOf(schemas), tables, data);
    }

    /** The data file {@code name} of the dump in {@code dir}, whose schemas are {@code schemas}. */
    static DataFile dataFile(Path dir, String name, Collection<String> schemas) {
        Path p = dir.resolve(name);
        DumpedTable table = DumpLayout.dataFileOf(name, schemas).orElseThrow(() -> DumpLoadErrors.LOAD_READ_DIR.error(p));
        return dataFile(p, table);
    }

    private static DataFile dataFile(Path p, DumpedTable table) {
        try {
            // a LOAD DATA statement file's size counts its rows file too, for progress
            Path rows = p.resolveSibling(DataFileFormat.rowsFileOf(p.getFileName().toString()));
            return new DataFile(table, p, Files.size(p) + (Files.exists(rows) ? Files.size(rows) : 0));
        } catch (IOException e) {
            throw DumpLoadErrors.LOAD_READ_DIR.wrap(e, p);
        }
    }
}
