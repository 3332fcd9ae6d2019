using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace NanoBanana.Sdk.Emulator.Surfaces;

/// <summary>A file of the Files API: uploaded by a client or generated (batch results).</summary>
internal sealed class StoredFile
{
    public required string Id { get; init; }

    public required string Project { get; init; }

    public string? DisplayName { get; init; }

    public required string MimeType { get; init; }

    /// <summary>The bytes: stored (uploads) or generated on demand (batch results files).</summary>
    public required FileContent Content { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required DateTimeOffset Expires { get; init; }

    /// <summary><c>UPLOADED</c> or <c>GENERATED</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Orders listings (newest first) and page tokens.</summary>
    public long Sequence { get; init; }

    /// <summary>Writes the <c>File</c> resource (fields from <c>genai.d.ts</c>'s <c>File</c>); <paramref name="origin"/> is <c>http://host:port/</c>.</summary>
    public void Write(Utf8JsonWriter w, string origin)
    {
        w.WriteStartObject();
        w.WriteString("name", "files/" + Id);
        if (DisplayName is not null)
        {
            w.WriteString("displayName", DisplayName);
        }

        w.WriteString("mimeType", MimeType);
        w.WriteString("sizeBytes", Content.Length.ToString(CultureInfo.InvariantCulture));
        w.WriteString("createTime", Timestamps.Format(Created));
        w.WriteString("updateTime", Timestamps.Format(Created));
        w.WriteString("expirationTime", Timestamps.Format(Expires));
        // The real service sends the base64 of the lowercase hex digest, not of the raw 32 bytes.
        w.WriteString("sha256Hash", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(Content.Sha256Hex)));
        w.WriteString("uri", $"{origin}v1beta/files/{Id}");
        if (Source == FileStore.Generated)
        {
            w.WriteString("downloadUri", $"{origin}download/v1beta/files/{Id}:download?alt=media");
        }

        w.WriteString("state", "ACTIVE");
        w.WriteString("source", Source);
        w.WriteEndObject();
    }
}

/// <summary>The bytes of a stored file, read as a sequence of chunks.</summary>
internal abstract class FileContent
{
    /// <summary>The size in bytes.</summary>
    public abstract long Length { get; }

    /// <summary>The lowercase hex SHA-256 of the bytes.</summary>
    public abstract string Sha256Hex { get; }

    /// <summary>The bytes in order; each chunk is valid only until the enumeration moves on.</summary>
    public abstract IEnumerable<ReadOnlyMemory<byte>> Chunks();

    /// <summary>Lowercase hex of a hash (net8.0 has no <c>Convert.ToHexStringLower</c>).</summary>
    protected static string Hex(byte[] hash) =>
#if NET9_0_OR_GREATER
        Convert.ToHexStringLower(hash);
#else
        Convert.ToHexString(hash).ToLowerInvariant();
#endif

    /// <summary>All the bytes in one array (for small files: uploads the emulator parses).</summary>
    public byte[] ReadAll()
    {
        var all = new MemoryStream();
        foreach (var chunk in Chunks())
        {
            all.Write(chunk.Span);
        }

        return all.ToArray();
    }
}

/// <summary>Bytes held in memory (uploaded files).</summary>
internal sealed class BytesContent(byte[] bytes) : FileContent
{
    private string? _sha;

    public byte[] Bytes => bytes;

    public override long Length => bytes.Length;

    public override string Sha256Hex => _sha ??= Hex(SHA256.HashData(bytes));

    public override IEnumerable<ReadOnlyMemory<byte>> Chunks()
    {
        yield return bytes;
    }
}

/// <summary>
/// Bytes generated on demand, the same on every read (batch results files: one rendered line at a time, so a
/// 10,000-image results file is never held whole). Length and hash cost one full pass, done once when first asked.
/// </summary>
internal sealed class GeneratedContent(Func<IEnumerable<ReadOnlyMemory<byte>>> generate) : FileContent
{
    private readonly Lock _gate = new();
    private (long Length, string Sha)? _measured;

    public override long Length => Measure().Length;

    public override string Sha256Hex => Measure().Sha;

    public override IEnumerable<ReadOnlyMemory<byte>> Chunks() => generate();

    private (long Length, string Sha) Measure()
    {
        lock (_gate)
        {
            if (_measured is { } measured)
            {
                return measured;
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            foreach (var chunk in generate())
            {
                hash.AppendData(chunk.Span);
                length += chunk.Length;
            }

            _measured = (length, Hex(hash.GetHashAndReset()));
            return _measured.Value;
        }
    }
}

/// <summary>A resumable upload between <c>start</c> and <c>finalize</c>.</summary>
internal sealed class UploadSession
{
    public required string Project { get; init; }

    public string? DisplayName { get; init; }

    public required string MimeType { get; init; }

    /// <summary><c>X-Goog-Upload-Header-Content-Length</c>, when the client announced one.</summary>
    public long? DeclaredLength { get; init; }

    /// <summary>The bytes received so far; lock the session to use it.</summary>
    public MemoryStream Received { get; } = new();

    /// <summary>The file once the upload was finalized: a later <c>query</c> answers <c>final</c> with it.</summary>
    public StoredFile? Final { get; set; }
}

/// <summary>
/// The Files API's storage: files per project, expiring on the emulator clock, and the open resumable uploads.
/// Another project's file is indistinguishable from a missing one, as on the real service.
/// </summary>
internal sealed class FileStore
{
    public const string Uploaded = "UPLOADED";
    public const string Generated = "GENERATED";

    private readonly ConcurrentDictionary<string, StoredFile> _files = new(StringComparer.Ordinal);
    private long _sequence;

    public FileStore(NanoBananaEmulatorOptions options, TimeProvider time)
    {
        BatchStore.Require(options.FileLifetime > TimeSpan.Zero, nameof(options.FileLifetime), "positive", options.FileLifetime);
        Lifetime = options.FileLifetime;
        Time = time;
    }

    public TimeSpan Lifetime { get; }

    public TimeProvider Time { get; }

    public ConcurrentDictionary<string, UploadSession> Uploads { get; } = new(StringComparer.Ordinal);

    /// <summary>The message the real service gives for a missing file and for another project's file alike.</summary>
    public static string NoAccess(string id) => $"You do not have permission to access the File {id} or it may not exist.";

    /// <summary>A fresh id in the real shape: lowercase letters and digits.</summary>
    public static string NewId(int length)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return RandomNumberGenerator.GetString(Alphabet, length);
    }

    /// <summary>Stores a file created now (or at <paramref name="created"/>) under <paramref name="id"/>, or a fresh id.</summary>
    public StoredFile Add(string project, string mimeType, byte[] bytes, string source, string? displayName = null, string? id = null, DateTimeOffset? created = null) =>
        Add(project, mimeType, new BytesContent(bytes), source, displayName, id, created);

    /// <summary>Stores a file whose bytes are <paramref name="content"/>.</summary>
    public StoredFile Add(string project, string mimeType, FileContent content, string source, string? displayName = null, string? id = null, DateTimeOffset? created = null)
    {
        var at = created ?? Time.GetUtcNow();
        var file = new StoredFile
        {
            Id = id ?? NewId(12), Project = project, DisplayName = displayName, MimeType = mimeType, Content = content,
            Created = at, Expires = at + Lifetime, Source = source, Sequence = Interlocked.Increment(ref _sequence),
        };
        _files[file.Id] = file;
        return file;
    }

    /// <summary>The caller's file by id (with or without the <c>files/</c> prefix), or null when missing, expired or another project's.</summary>
    public StoredFile? Find(string id, string project)
    {
        id = Bare(id);
        if (!_files.TryGetValue(id, out var file))
        {
            return null;
        }

        if (Time.GetUtcNow() >= file.Expires)
        {
            _files.TryRemove(id, out _);
            return null;
        }

        return file.Project == project ? file : null;
    }

    public bool Remove(string id, string project) => Find(id, project) is { } file && _files.TryRemove(file.Id, out _);

    /// <summary>The project's live files, newest first.</summary>
    public List<StoredFile> List(string project)
    {
        var now = Time.GetUtcNow();
        return [.. _files.Values.Where(f => f.Project == project && now < f.Expires).OrderByDescending(f => f.Sequence)];
    }

    public static string Bare(string id) => id.StartsWith("files/", StringComparison.Ordinal) ? id["files/".Length..] : id;
}

/// <summary>RFC 3339 timestamps as Google writes them: UTC, <c>Z</c>, nine fractional digits.</summary>
internal static class Timestamps
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);
}
