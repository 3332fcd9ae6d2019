using System.Text;
using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk.Wire;

/// <summary>
/// What the streaming response parser extracted from one answer (generateContent, Interactions or a
/// gateway's Gemini-native pass-through). Transport-neutral: the official client builds its public result
/// and its "no image" errors from this, whichever transport produced it.
/// </summary>
internal sealed class ParsedImageResponse
{
    /// <summary>Result images in answer order; thought images are already skipped.</summary>
    public List<ParsedImage> Images { get; } = [];

    /// <summary>Non-thought text, concatenated in answer order (parts joined by a newline).</summary>
    public StringBuilder Text { get; } = new();

    /// <summary><c>candidates[0].finishReason</c> (generateContent); for Interactions, <c>null</c> unless the service sent one.</summary>
    public string? FinishReason { get; set; }

    /// <summary><c>candidates[0].finishMessage</c> when present.</summary>
    public string? FinishMessage { get; set; }

    /// <summary><c>promptFeedback.blockReason</c> when the prompt itself was blocked.</summary>
    public string? BlockReason { get; set; }

    /// <summary><c>promptFeedback.blockReasonMessage</c> when present.</summary>
    public string? BlockReasonMessage { get; set; }

    /// <summary><c>modelVersion</c> (generateContent) or <c>model</c> (Interactions): the model the service says answered.</summary>
    public string? ModelVersion { get; set; }

    /// <summary><c>responseId</c> (generateContent) or <c>id</c> (Interactions).</summary>
    public string? ResponseId { get; set; }

    /// <summary>Interactions <c>errors[0].code</c> of a failed interaction (e.g. <c>IMAGE_SAFETY</c>) when it is a string.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>Interactions <c>errors[0].message</c> when present.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>Interactions <c>status</c> (<c>completed</c>, <c>failed</c>, …); <c>null</c> on generateContent.</summary>
    public string? Status { get; set; }

    /// <summary>Token usage when the answer carried it.</summary>
    public TokenUsage? Usage { get; set; }

    /// <summary>How many candidates the answer had (generateContent); 1 for an interaction with output.</summary>
    public int CandidateCount { get; set; }

    /// <summary>
    /// Search grounding queries the service reports it ran, each charged on top of the image: the strings in
    /// <c>groundingMetadata.webSearchQueries</c> of every candidate (generateContent; images are kept from every
    /// candidate too, so each candidate's searches are part of the call), or in <c>arguments.queries</c> of every
    /// <c>google_search_call</c> step (Interactions). Non-string entries and lists of the wrong type are not counted.
    /// </summary>
    public int GroundingQueries { get; set; }

    /// <summary>How many thought parts/steps were skipped.</summary>
    public int SkippedThoughts { get; set; }

    /// <summary>The cost the provider reported for the call in USD (a gateway's <c>usage.cost</c>), when it sent one.</summary>
    public decimal? ReportedCostUsd { get; set; }

    /// <summary>Image URLs the answer gave instead of bytes (Images API <c>data[].url</c>, an <c>http(s)</c> <c>image_url</c>); the provider client fetches them without credentials.</summary>
    public List<string> ImageUrls { get; } = [];

    /// <summary>
    /// Redacts the service-supplied strings that can reach results, exceptions and logs (model, ids, reasons,
    /// status, error code and message, MIME types, URLs). The model's text is left as it is.
    /// </summary>
    /// <param name="secret">The configured key (matched in any case), or <see langword="null"/> for credential-shaped tokens only.</param>
    public void RedactServiceStrings(string? secret)
    {
        FinishReason = SecretRedactor.Redact(FinishReason, secret);
        FinishMessage = SecretRedactor.Redact(FinishMessage, secret);
        BlockReason = SecretRedactor.Redact(BlockReason, secret);
        BlockReasonMessage = SecretRedactor.Redact(BlockReasonMessage, secret);
        ModelVersion = SecretRedactor.Redact(ModelVersion, secret);
        ResponseId = SecretRedactor.Redact(ResponseId, secret);
        ErrorCode = SecretRedactor.Redact(ErrorCode, secret);
        ErrorMessage = SecretRedactor.Redact(ErrorMessage, secret);
        Status = SecretRedactor.Redact(Status, secret);
        for (int i = 0; i < Images.Count; i++)
        {
            Images[i] = Images[i] with { MimeType = SecretRedactor.Redact(Images[i].MimeType, secret)! };
        }

        for (int i = 0; i < ImageUrls.Count; i++)
        {
            ImageUrls[i] = SecretRedactor.Redact(ImageUrls[i], secret)!;
        }
    }
}

/// <summary>
/// One decoded result image, decoded once from the stream straight into its final buffer. The memory may be
/// a slice of a larger array (sized once from Content-Length) so the image is never copied after decoding.
/// </summary>
/// <param name="Data">The decoded image bytes.</param>
/// <param name="MimeType">The MIME type the service declared, e.g. <c>image/png</c> or <c>image/jpeg</c>.</param>
internal readonly record struct ParsedImage(ReadOnlyMemory<byte> Data, string MimeType);

/// <summary>Bounds the parser enforces on an untrusted answer.</summary>
/// <param name="MaxImageBytes">Largest decoded image accepted; larger ends in <see cref="ResponseParseException"/> without buffering the rest.</param>
/// <param name="MaxDepth">Largest JSON nesting depth accepted.</param>
/// <param name="ContentLength">The response's Content-Length when known, used to size the decode buffer once.</param>
/// <param name="Secret">The configured key: service-supplied strings of the result are redacted of it (any letter case).</param>
internal sealed record ImageParseLimits(long MaxImageBytes, int MaxDepth = 64, long? ContentLength = null, string? Secret = null)
{
    /// <summary>Everything but <see cref="Secret"/>: a record's generated <c>ToString()</c> would print the key.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("MaxImageBytes = ").Append(MaxImageBytes).Append(", MaxDepth = ").Append(MaxDepth)
            .Append(", ContentLength = ").Append(ContentLength).Append(", Secret = ").Append(SecretRedactor.Fingerprint(Secret) ?? "(none)");
        return true;
    }
}

/// <summary>Why an answer could not be parsed.</summary>
internal enum ResponseParseFailure
{
    /// <summary>Not JSON, wrong types where a shape is required, invalid base64.</summary>
    Malformed,

    /// <summary>The body ended before the JSON did (connection cut, truncated answer).</summary>
    Truncated,

    /// <summary>A decoded image exceeded <see cref="ImageParseLimits.MaxImageBytes"/>.</summary>
    ImageTooLarge,

    /// <summary>JSON nested deeper than <see cref="ImageParseLimits.MaxDepth"/>.</summary>
    TooDeep,
}

/// <summary>Thrown by the response parser; the client maps it to a classified SDK exception.</summary>
internal sealed class ResponseParseException : Exception
{
    public ResponseParseException(ResponseParseFailure failure, string message, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    public ResponseParseFailure Failure { get; }
}
