namespace NanoBanana.Sdk.Emulator;

/// <summary>One request the emulator answered, with every credential redacted to <c>***</c>.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path and query; a <c>key</c> query value is redacted.</param>
/// <param name="Headers">Request headers; <c>x-goog-api-key</c> and <c>Authorization</c> values are redacted.</param>
/// <param name="Body">The request body as UTF-8 text (empty when there was none).</param>
/// <param name="Status">The HTTP status answered (0 when the connection was aborted before a status was sent).</param>
/// <param name="Timestamp">When the request arrived, on the emulator's clock.</param>
/// <param name="Duration">Wall-clock time until the answer started (the entry is written then, so a client that has its answer finds it here), or until the request was abandoned.</param>
public sealed record JournalEntry(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    int Status,
    DateTimeOffset Timestamp,
    TimeSpan Duration);
