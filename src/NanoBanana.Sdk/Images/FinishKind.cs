namespace NanoBanana.Sdk;

/// <summary>
/// How an answer finished, normalized across transports and dialects (Gemini <c>finishReason</c>, an
/// interaction's <c>status</c> and error code, an OpenAI-style <c>finish_reason</c>). The raw string stays in
/// <c>FinishReason</c>; new raw values map to <see cref="Other"/>.
/// </summary>
public enum FinishKind
{
    /// <summary>The answer said nothing about how it finished.</summary>
    Unspecified = 0,

    /// <summary>Finished normally (<c>STOP</c>, <c>completed</c>, <c>stop</c>).</summary>
    Completed = 1,

    /// <summary>Generation stopped on a safety or content filter (<c>SAFETY</c>, <c>IMAGE_SAFETY</c>, <c>PROHIBITED_CONTENT</c>, <c>content_filter</c>, …).</summary>
    Safety = 2,

    /// <summary>The prompt or an input image was blocked before generation (<c>promptFeedback.blockReason</c>).</summary>
    PromptBlocked = 3,

    /// <summary>The output hit the token limit (<c>MAX_TOKENS</c>, <c>length</c>, <c>incomplete</c>).</summary>
    MaxTokens = 4,

    /// <summary>Stopped for recitation (<c>RECITATION</c>, <c>IMAGE_RECITATION</c>).</summary>
    Recitation = 5,

    /// <summary>The model made no image (<c>NO_IMAGE</c>).</summary>
    NoImage = 6,

    /// <summary>The interaction failed or was cancelled (<c>failed</c>, <c>cancelled</c>).</summary>
    Failed = 7,

    /// <summary>Any other reason (<c>OTHER</c>, <c>IMAGE_OTHER</c>, a value this SDK version does not know).</summary>
    Other = 8,
}

/// <summary>Maps raw finish strings to <see cref="FinishKind"/>, one table for every dialect.</summary>
internal static class FinishKinds
{
    /// <summary>The finish reasons that mean a safety or content filter stopped generation.</summary>
    internal static readonly string[] SafetyReasons =
        ["SAFETY", "IMAGE_SAFETY", "PROHIBITED_CONTENT", "IMAGE_PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "content_filter"];

    public static FinishKind Of(string? finishReason, string? blockReason)
    {
        if (blockReason is not null)
        {
            return FinishKind.PromptBlocked;
        }

        if (finishReason is null)
        {
            return FinishKind.Unspecified;
        }

        if (Array.Exists(SafetyReasons, r => string.Equals(r, finishReason, StringComparison.OrdinalIgnoreCase)))
        {
            return FinishKind.Safety;
        }

        return finishReason.ToUpperInvariant() switch
        {
            "STOP" or "COMPLETED" => FinishKind.Completed,
            "MAX_TOKENS" or "LENGTH" or "INCOMPLETE" => FinishKind.MaxTokens,
            "RECITATION" or "IMAGE_RECITATION" => FinishKind.Recitation,
            "NO_IMAGE" => FinishKind.NoImage,
            "FAILED" or "CANCELLED" => FinishKind.Failed,
            _ => FinishKind.Other,
        };
    }
}
