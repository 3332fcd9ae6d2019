namespace NanoBanana.Sdk.Wire;

/// <summary>
/// Reads image answers straight from the response stream, one entry point per dialect, all on the same streaming
/// engine (<see cref="ImageStreamEngine"/>): image data is never held as a .NET string nor tokenized by the JSON
/// reader, it is base64-decoded chunk by chunk into its final buffer (<see cref="Base64ImageDecoder"/>); everything
/// else is validated as JSON while it streams in. Every failure is a <see cref="ResponseParseException"/>, except
/// cancellation, which stays an <see cref="OperationCanceledException"/>.
/// </summary>
internal static class ImageResponseParser
{
    // A single token the reader must see whole (an unknown string, a text part) cannot legitimately be larger than an
    // image's base64; this bounds how much a hostile answer can make us buffer.
    private const int MinimumTokenLimit = 4 * 1024 * 1024;

    /// <summary>Parses a <c>generateContent</c> answer (camelCase or snake_case).</summary>
    public static ValueTask<ParsedImageResponse> ParseGenerateContentAsync(Stream utf8Json, ImageParseLimits limits, CancellationToken cancellationToken) =>
        ParseAsync(utf8Json, limits, feed => new GeminiSchema(feed, limits, GeminiDialect.GenerateContent), cancellationToken);

    /// <summary>Parses an Interactions answer (<c>POST /v1beta/interactions</c> or <c>GET .../interactions/{id}</c>).</summary>
    public static ValueTask<ParsedImageResponse> ParseInteractionAsync(Stream utf8Json, ImageParseLimits limits, CancellationToken cancellationToken) =>
        ParseAsync(utf8Json, limits, feed => new GeminiSchema(feed, limits, GeminiDialect.Interactions), cancellationToken);

    /// <summary>
    /// Parses a gateway's chat completions answer: images as data URLs in <c>message.images[].image_url.url</c>, in
    /// <c>image_url</c> content parts, or as Markdown data URIs in <c>message.content</c>; <c>usage</c> (with
    /// <c>usage.cost</c>) and <c>model</c>. An <c>http(s)</c> image URL is recorded in <see cref="ParsedImageResponse.ImageUrls"/>.
    /// </summary>
    public static ValueTask<ParsedImageResponse> ParseChatCompletionAsync(Stream utf8Json, ImageParseLimits limits, CancellationToken cancellationToken) =>
        ParseAsync(utf8Json, limits, feed => new ChatCompletionsSchema(feed, limits), cancellationToken);

    /// <summary>Parses an Images API answer (<c>/v1/images/generations</c>, <c>/v1/images/edits</c>): <c>data[].b64_json</c> or <c>data[].url</c>, <c>usage</c>.</summary>
    public static ValueTask<ParsedImageResponse> ParseImagesApiAsync(Stream utf8Json, ImageParseLimits limits, CancellationToken cancellationToken) =>
        ParseAsync(utf8Json, limits, feed => new ImagesApiSchema(feed, limits), cancellationToken);

    /// <summary>The feed every parse of an answer (or of a JSONL file) reads through.</summary>
    internal static Utf8StreamFeed CreateFeed(Stream utf8Json, ImageParseLimits limits)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxImageBytes, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxDepth, nameof(limits));
        long maxBufferBytes = Math.Clamp((limits.MaxImageBytes / 3 * 4) + (1024 * 1024), MinimumTokenLimit, Array.MaxLength);
        return new Utf8StreamFeed(utf8Json, maxBufferBytes);
    }

    private static async ValueTask<ParsedImageResponse> ParseAsync(
        Stream utf8Json, ImageParseLimits limits, Func<Utf8StreamFeed, ImageStreamEngine> schema, CancellationToken cancellationToken)
    {
        using var feed = CreateFeed(utf8Json, limits);
        using var engine = schema(feed);
        ParsedImageResponse result = await engine.RunAsync(cancellationToken).ConfigureAwait(false);
        result.RedactServiceStrings(limits.Secret);
        return result;
    }
}
