using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NanoBanana.Sdk;

/// <summary>
/// The folder writer's record of finished items for one results file: a header line, then one tab-separated line per
/// item (byte range in the results file, image or failure, file name, size, SHA-256, cost), then <c>done</c> when the
/// whole file was written. Appended after each item's files are in place, so a crash loses at most the item in
/// progress (a torn last line is ignored). On open, the entries are verified on disk in order; the first one that is
/// missing or damaged, and everything after it, is dropped and read again from the results file.
/// </summary>
internal sealed class BatchFolderManifest
{
    private const string Header = "nanobanana-batch-manifest 1";
    private readonly string _path;

    private BatchFolderManifest(string path, List<Entry> verified, bool complete)
    {
        _path = path;
        Verified = verified;
        Complete = complete;
    }

    /// <summary>The finished items, in file order, whose files are on disk as recorded.</summary>
    public IReadOnlyList<Entry> Verified { get; }

    /// <summary>Whether every item of the results file is verified: nothing needs downloading.</summary>
    public bool Complete { get; }

    /// <summary>Where to resume reading the results file: the end of the last verified item.</summary>
    public long ResumeOffset => Verified.Count == 0 ? 0 : Verified[^1].End;

    public static async Task<BatchFolderManifest> OpenAsync(string directory, string resultsFile, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, ".nanobanana-" + BatchImageClient.SafeFileName(resultsFile) + ".manifest");
        var verified = new List<Entry>();
        var complete = false;
        if (File.Exists(path))
        {
            var lines = await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
            if (lines.Length > 0 && lines[0] == Header + "\t" + resultsFile)
            {
                var expectedStart = 0L;
                var intact = true;
                for (var i = 1; i < lines.Length && intact; i++)
                {
                    if (lines[i] == "done")
                    {
                        complete = true;
                        break;
                    }

                    intact = Entry.TryParse(lines[i], out var entry) && entry.Start == expectedStart
                        && await entry.IsOnDiskAsync(directory, cancellationToken).ConfigureAwait(false);
                    if (intact)
                    {
                        verified.Add(entry);
                        expectedStart = entry.End;
                    }
                }

                complete &= intact;
            }
        }

        // Rewrite it as verified: later lines (after a damaged item) are read again and appended anew.
        var text = new StringBuilder(Header).Append('\t').Append(resultsFile).Append('\n');
        foreach (var entry in verified)
        {
            text.Append(entry.Format()).Append('\n');
        }

        if (complete)
        {
            text.Append("done\n");
        }

        await BatchImageClient.WriteAtomicAsync(path, Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
        return new BatchFolderManifest(path, verified, complete);
    }

    public Task AppendAsync(Entry entry, CancellationToken cancellationToken) =>
        File.AppendAllTextAsync(_path, entry.Format() + "\n", cancellationToken);

    public Task CompleteAsync(CancellationToken cancellationToken) =>
        File.AppendAllTextAsync(_path, "done\n", cancellationToken);

    /// <summary>One finished item.</summary>
    internal sealed record Entry
    {
        public long Start { get; init; }

        public long End { get; init; }

        public required string FileName { get; init; }

        public bool IsImage { get; init; }

        public long Length { get; init; }

        public string? Sha256 { get; init; }

        public decimal? Cost { get; init; }

        public string Format() => string.Join('\t',
            Start.ToString(CultureInfo.InvariantCulture), End.ToString(CultureInfo.InvariantCulture), IsImage ? "image" : "error", FileName,
            Length.ToString(CultureInfo.InvariantCulture), Sha256 ?? "-", Cost?.ToString(CultureInfo.InvariantCulture) ?? "-");

        public static bool TryParse(string line, out Entry entry)
        {
            entry = null!;
            var parts = line.Split('\t');
            if (parts.Length != 7
                || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var end) || end <= start
                || parts[2] is not ("image" or "error")
                || parts[3].Length == 0 || parts[3].IndexOfAny(['/', '\\']) >= 0 || parts[3].StartsWith('.')
                || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                return false;
            }

            decimal? cost = null;
            if (parts[6] != "-")
            {
                if (!decimal.TryParse(parts[6], NumberStyles.Number, CultureInfo.InvariantCulture, out var c))
                {
                    return false;
                }

                cost = c;
            }

            entry = new Entry { Start = start, End = end, IsImage = parts[2] == "image", FileName = parts[3], Length = length, Sha256 = parts[5] == "-" ? null : parts[5], Cost = cost };
            return true;
        }

        /// <summary>An image: present, of the recorded size, its bytes hashing to the recorded SHA-256, which its sidecar also holds. A failure: its file present.</summary>
        public async Task<bool> IsOnDiskAsync(string directory, CancellationToken cancellationToken)
        {
            var path = Path.Combine(directory, FileName);
            if (!File.Exists(path))
            {
                return false;
            }

            if (!IsImage)
            {
                return true;
            }

            var sidecar = path + ".sha256";
            if (Sha256 is null || new FileInfo(path).Length != Length || !File.Exists(sidecar)
                || !string.Equals((await File.ReadAllTextAsync(sidecar, cancellationToken).ConfigureAwait(false)).Trim(), Sha256, StringComparison.Ordinal))
            {
                return false;
            }

            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                var hash = Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false)).ToLowerInvariant();
                return string.Equals(hash, Sha256, StringComparison.Ordinal);
            }
        }
    }
}
