namespace NanoBanana.Sdk.Emulator;

/// <summary>One request the emulator answered, with every credential redacted to <c>***</c>.</summary>
public sealed record JournalEntry
{
    /// <summary>The HTTP method.</summary>
    public string Method { get; init; } = string.Empty;

    /// <summary>The path and query; a <c>key</c> query value is redacted.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>Request headers; <c>x-goog-api-key</c> and <c>Authorization</c> values are redacted.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The request body as UTF-8 text (empty when there was none).</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>The HTTP status answered (0 when the connection was aborted before a status was sent).</summary>
    public int Status { get; init; }

    /// <summary>When the request arrived, on the emulator's clock.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Wall-clock time until the answer started (the entry is written then, so a client that has its answer finds it here), or until the request was abandoned.</summary>
    public TimeSpan Duration { get; init; }
}
