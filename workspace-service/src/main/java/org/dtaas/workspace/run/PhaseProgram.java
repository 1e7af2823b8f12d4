package org.dtaas.workspace.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.dtaas.files.OpenWithoutWaiting;

/**
 * Finds and checks the program of a phase ({@code lifecycle/<phase>} in a twin folder) before a run
 * starts, so that the usual mistakes get a message that says how to fix them instead of a cryptic
 * exec error: the file is missing, not executable, or not a program (no {@code #!} line, no ELF).
 */
final class PhaseProgram {

    private PhaseProgram() {
    }

    /** The checked program; throws {@link NotRunnableException} with the fix otherwise. */
    static Path of(Path twinFolder, String phase) {
        Path program = twinFolder.resolve("lifecycle").resolve(phase);
        String shown = "lifecycle/" + phase;
        if (!Files.exists(program, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotRunnableException(shown + " does not exist in this twin; add a program of that name"
                    + " (a script starting with #!/bin/bash, for instance) to run this phase");
        }
        try {
            Path real = program.toRealPath();
            if (!real.startsWith(twinFolder.toRealPath())) {
                throw new NotRunnableException(shown + " is a link that leads out of the twin's folder; replace it with the program");
            }
            if (!Files.isRegularFile(real)) {
                throw new NotRunnableException(shown + " is not a file");
            }
            if (!Files.isExecutable(real)) {
                throw new NotRunnableException(shown + " is not executable; make it so with: chmod +x '" + shown + "'");
            }
            if (!looksLikeProgram(real, shown)) {
                throw new NotRunnableException(shown + " is not a program: start a script with a #! line"
                        + " (e.g. #!/bin/bash) or use a compiled executable");
            }
            return real;
        } catch (IOException e) {
            throw new NotRunnableException(shown + " cannot be read: " + e.getMessage());
        }
    }

    private static boolean looksLikeProgram(Path file, String shown) throws IOException {
        // opened so that a fifo swapped in since the look above cannot make this thread wait for a writer
        Optional<FileChannel> opened = OpenWithoutWaiting.regularFile(file);
        if (opened.isEmpty()) {
            throw new NotRunnableException(shown + " is not a file");
        }
        ByteBuffer head = ByteBuffer.allocate(4);
        try (FileChannel channel = opened.get()) {
            while (head.hasRemaining() && channel.read(head) > 0) {
                // up to four bytes
            }
        }
        byte[] bytes = Arrays.copyOf(head.array(), head.position());
        return (bytes.length >= 2 && bytes[0] == '#' && bytes[1] == '!')
                || Arrays.equals(bytes, new byte[] {0x7f, 'E', 'L', 'F'});
    }

    /** Why a phase cannot run; the run is recorded as failed with this reason. */
    static final class NotRunnableException extends RuntimeException {
        NotRunnableException(String message) {
            super(message);
        }
    }
}
