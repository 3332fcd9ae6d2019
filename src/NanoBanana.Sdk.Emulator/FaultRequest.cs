namespace NanoBanana.Sdk.Emulator;

/// <summary>The facts about a request that a <see cref="FaultMatch"/> can test.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request path, without the query.</param>
/// <param name="Model">The model named by the request as sent (path or body), or <see langword="null"/>.</param>
/// <param name="Surface">The emulated operation, one of the <see cref="FaultRequest"/> surface constants.</param>
public sealed record FaultRequest(string Method, string Path, string? Model, string Surface)
{
    /// <summary><c>POST /v1beta/models/{model}:generateContent</c>.</summary>
    public const string GenerateContent = "generateContent";

    /// <summary><c>POST /v1beta/models/{model}:streamGenerateContent</c>.</summary>
    public const string StreamGenerateContent = "streamGenerateContent";

    /// <summary><c>POST /v1beta/interactions</c> and <c>GET /v1beta/interactions/{id}</c>.</summary>
    public const string Interactions = "interactions";

    /// <summary><c>POST {gateway}/v1/chat/completions</c>.</summary>
    public const string ChatCompletions = "chatCompletions";

    /// <summary><c>POST {gateway}/v1/images/generations</c>.</summary>
    public const string ImageGenerations = "imageGenerations";

    /// <summary><c>POST {gateway}/v1/images/edits</c>.</summary>
    public const string ImageEdits = "imageEdits";
}
