namespace NanoBanana.Sdk.Emulator;

/// <summary>The facts about a request that a <see cref="FaultMatch"/> can test.</summary>
public sealed record FaultRequest
{
    /// <summary>The HTTP method.</summary>
    public string Method { get; init; } = "POST";

    /// <summary>The request path, without the query.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>The model named by the request as sent (path or body), or <see langword="null"/>.</summary>
    public string? Model { get; init; }

    /// <summary>The emulated operation, one of the <see cref="FaultRequest"/> surface constants.</summary>
    public string Surface { get; init; } = string.Empty;

    /// <summary><c>POST /v1beta/models/{model}:generateContent</c>.</summary>
    public const string GenerateContent = "generateContent";

    /// <summary><c>POST /v1beta/models/{model}:streamGenerateContent</c>.</summary>
    public const string StreamGenerateContent = "streamGenerateContent";

    /// <summary><c>POST /v1beta/interactions</c> and <c>GET /v1beta/interactions/{id}</c>.</summary>
    public const string Interactions = "interactions";

    /// <summary><c>POST /v1beta/models/{model}:batchGenerateContent</c> (creating a batch).</summary>
    public const string BatchGenerateContent = "batchGenerateContent";

    /// <summary>Reading, listing, cancelling and deleting batches: <c>/v1beta/batches[/{id}[:cancel]]</c>.</summary>
    public const string Batches = "batches";

    /// <summary>
    /// One request inside a batch, matched once per item when the batch is created (<see cref="Key"/> names the
    /// item). An HTTP-error fault makes the item fail inside a batch that still succeeds; a content fault
    /// (<see cref="Fault.FinishReason"/>, <see cref="Fault.TextOnly"/>…) shapes the item's response.
    /// </summary>
    public const string BatchItem = "batchItem";

    /// <summary>The Files API: uploads, <c>GET</c>/<c>DELETE /v1beta/files/{id}</c>, listing and downloads.</summary>
    public const string Files = "files";

    /// <summary>For <see cref="BatchItem"/>: the item's key (<c>metadata.key</c> inline, <c>key</c> in a JSONL file), or <see langword="null"/>.</summary>
    public string? Key { get; init; }

    /// <summary><c>POST {gateway}/v1/chat/completions</c>.</summary>
    public const string ChatCompletions = "chatCompletions";

    /// <summary><c>POST {gateway}/v1/images/generations</c>.</summary>
    public const string ImageGenerations = "imageGenerations";

    /// <summary><c>POST {gateway}/v1/images/edits</c>.</summary>
    public const string ImageEdits = "imageEdits";
}
