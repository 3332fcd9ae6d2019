using System.Text;
using System.Text.Json;
using NanoBanana.Sdk.Wire;

namespace NanoBanana.Sdk.Tests.Wire;

/// <summary>Answer bodies and a parse helper shared by the parser tests.</summary>
internal static class ParserTestData
{
    public const long DefaultMaxImageBytes = 64L * 1024 * 1024;

    /// <summary>Incompressible bytes behind a real PNG or JPEG signature, like a generated image.</summary>
    public static byte[] Png(int size, int seed = 1) => Image(size, seed, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

    public static byte[] Jpeg(int size, int seed = 2) => Image(size, seed, [0xFF, 0xD8, 0xFF, 0xE0]);

    public static string Base64(byte[] bytes) => Convert.ToBase64String(bytes);

    /// <summary>
    /// Base64 as .NET's default JSON encoder writes it (<c>+</c> becomes <c>\u002B</c>), with every <c>/</c> written
    /// as the legal escape <c>\/</c> as some other encoders do.
    /// </summary>
    public static string EscapedBase64(byte[] bytes) =>
        JsonSerializer.Serialize(Convert.ToBase64String(bytes)).Trim('"').Replace("/", "\\/", StringComparison.Ordinal);

    public static Task<ParsedImageResponse> ParseAsync(
        string json,
        int chunkSize = 4096,
        bool knownLength = true,
        long maxImageBytes = DefaultMaxImageBytes,
        int maxDepth = 64,
        bool interactions = false,
        CancellationToken cancellationToken = default) =>
        ParseAsync(Encoding.UTF8.GetBytes(json), chunkSize, knownLength, maxImageBytes, maxDepth, interactions, cancellationToken);

    public static async Task<ParsedImageResponse> ParseAsync(
        byte[] body,
        int chunkSize = 4096,
        bool knownLength = true,
        long maxImageBytes = DefaultMaxImageBytes,
        int maxDepth = 64,
        bool interactions = false,
        CancellationToken cancellationToken = default)
    {
        var limits = new ImageParseLimits(maxImageBytes, maxDepth, knownLength ? body.Length : null);
        using var stream = new ChunkedStream(body, chunkSize);
        return interactions
            ? await ImageResponseParser.ParseInteractionAsync(stream, limits, cancellationToken)
            : await ImageResponseParser.ParseGenerateContentAsync(stream, limits, cancellationToken);
    }

    public static async Task<ResponseParseFailure> FailureAsync(string json, int chunkSize = 4096, long maxImageBytes = DefaultMaxImageBytes, int maxDepth = 64, bool interactions = false)
    {
        var ex = await Assert.ThrowsAsync<ResponseParseException>(() => ParseAsync(json, chunkSize, true, maxImageBytes, maxDepth, interactions));
        return ex.Failure;
    }

    private static byte[] Image(int size, int seed, byte[] signature)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        signature.AsSpan(0, Math.Min(signature.Length, size)).CopyTo(bytes);
        return bytes;
    }
}
