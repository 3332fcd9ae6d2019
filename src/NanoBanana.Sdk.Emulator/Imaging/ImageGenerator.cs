using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace NanoBanana.Sdk.Emulator.Imaging;

/// <summary>A generated image: PNG bytes and their pixel size.</summary>
internal sealed record GeneratedImage(byte[] Bytes, string MimeType, int Width, int Height);

/// <summary>
/// Deterministic images: the same prompt, seed and input images give the same bytes. Edits mix a hash of the
/// input images into the seed, so an edit's output depends on what it edits. Shared by every surface.
/// </summary>
internal sealed class ImageGenerator(PayloadProfile profile)
{
    private const long CacheBudgetBytes = 256L * 1024 * 1024;
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";

    private readonly ConcurrentDictionary<(ulong Seed, int Width, int Height, string MimeType), GeneratedImage> _cache = new();
    private long _cachedBytes;

    public PayloadProfile Profile => profile;

    /// <summary>Hashes everything that determines an image into one 64-bit seed.</summary>
    public static ulong Seed(string model, string size, string ratio, string prompt, long? seed, IEnumerable<ReadOnlyMemory<byte>> inputs)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{model}\n{size}\n{ratio}\n{seed}\n{prompt}\n"));
        foreach (var input in inputs)
        {
            hash.AppendData(input.Span);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return BitConverter.ToUInt64(digest);
    }

    /// <summary>The image for <paramref name="seed"/>, as PNG or JPEG (<see cref="Png"/>, <see cref="Jpeg"/>).</summary>
    public GeneratedImage Generate(ulong seed, int width, int height, string mimeType) => Generate(seed, width, height, mimeType, profile);

    /// <summary>A thought (interim) image: always a small PNG, whatever the profile.</summary>
    public GeneratedImage GenerateInterim(ulong seed, int width, int height) => Generate(~seed, width, height, Png, PayloadProfile.Small);

    private GeneratedImage Generate(ulong seed, int width, int height, string mimeType, PayloadProfile payload)
    {
        var key = (payload == PayloadProfile.Realistic ? seed : ~seed ^ 0x5A5A5A5A5A5A5A5AUL, width, height, mimeType);
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var gradient = Gradient(seed, height);
        var bytes = (mimeType, payload) switch
        {
            (Jpeg, PayloadProfile.Realistic) => JpegEncoder.Encode(width, height, (x, y) => Noise(seed, x, y)),
            (Jpeg, _) => JpegEncoder.Encode(width, height, (_, y) => gradient(y * 8)),
            (_, PayloadProfile.Realistic) => PngEncoder.EncodeNoise(width, height, seed),
            _ => PngEncoder.EncodeRows(width, height, gradient),
        };
        var image = new GeneratedImage(bytes, mimeType == Jpeg ? Jpeg : Png, width, height);
        if (Interlocked.Add(ref _cachedBytes, bytes.Length) > CacheBudgetBytes)
        {
            _cache.Clear();
            Interlocked.Exchange(ref _cachedBytes, bytes.Length);
        }

        _cache[key] = image;
        return image;
    }

    private static (byte, byte, byte) Noise(ulong seed, int x, int y)
    {
        var z = seed ^ ((ulong)(uint)x << 32) ^ (uint)y;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return ((byte)z, (byte)(z >> 8), (byte)(z >> 16));
    }

    private static Func<int, (byte, byte, byte)> Gradient(ulong seed, int height)
    {
        var r0 = (byte)seed;
        var g0 = (byte)(seed >> 8);
        var b0 = (byte)(seed >> 16);
        var band = 8 + (int)((seed >> 24) % 56);
        return y =>
        {
            var t = (byte)(y * 255L / Math.Max(1, height - 1));
            var stripe = (y / band) % 2 == 0 ? (byte)0 : (byte)48;
            return ((byte)(r0 + t), (byte)(g0 ^ stripe), (byte)(b0 - t));
        };
    }
}
