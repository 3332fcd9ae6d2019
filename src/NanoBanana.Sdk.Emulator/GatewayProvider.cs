namespace NanoBanana.Sdk.Emulator;

/// <summary>Where a gateway's chat-completions answer puts the image (gateways differ; clients must read all three).</summary>
public enum GatewayImagePlacement
{
    /// <summary><c>choices[0].message.images[]</c> of <c>{type: "image_url", image_url: {url: "data:…"}}</c> (OpenRouter, laozhang.ai).</summary>
    MessageImages = 0,

    /// <summary><c>choices[0].message.content</c> is a list of parts; the image is a part of type <c>image_url</c>.</summary>
    ContentParts = 1,

    /// <summary><c>choices[0].message.content</c> is a string holding a Markdown data URI: <c>![image](data:image/png;base64,…)</c>.</summary>
    MarkdownDataUri = 2,
}

/// <summary>How a gateway call ended, for its billing ledger (the same outcomes as the SDK's <c>BillingOutcome</c>).</summary>
public enum GatewayCallOutcome
{
    /// <summary>HTTP 200 with the images generated (also when the body was then cut or damaged in transit).</summary>
    Success = 0,

    /// <summary>HTTP 200 without an image: text only, a safety stop or a blocked prompt.</summary>
    NoImage = 1,

    /// <summary>HTTP 400, 401, 402, 403 or 404.</summary>
    ClientError = 2,

    /// <summary>HTTP 429 (rate limit or insufficient quota).</summary>
    RateLimited = 3,

    /// <summary>HTTP 5xx, including a proxy's HTML error page.</summary>
    ServerError = 4,

    /// <summary>The client went away before any answer (its timeout); the image may have been generated upstream.</summary>
    Timeout = 5,
}

/// <summary>
/// One emulated OpenAI-compatible provider gateway: its keys, where chat answers put the image, its model names,
/// prices and failed-call billing rule. Served under <see cref="NanoBananaEmulator.GatewayAddress"/>.
/// </summary>
public sealed class GatewayProvider
{
    /// <summary>The name of the provider served when <see cref="NanoBananaEmulatorOptions.Gateways"/> is empty.</summary>
    public const string DefaultName = "default";

    /// <summary>Creates a provider with the seeded prices and the laozhang.ai-style billing rule.</summary>
    /// <param name="name">The name in the gateway's path (<c>/gateway/{name}/</c>): letters, digits, <c>-</c>, <c>_</c> or <c>.</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or has other characters.</exception>
    public GatewayProvider(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"Gateway name '{name}' may hold only ASCII letters, digits, '-', '_' and '.'.", nameof(name));
        }

        Name = name;
    }

    /// <summary>The name in the gateway's path.</summary>
    public string Name { get; }

    /// <summary>Accepted Bearer keys. Empty (the default): any non-empty key; otherwise others get 401 <c>invalid_api_key</c>.</summary>
    public ISet<string> ApiKeys { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Where chat-completions answers put the image. Default <see cref="GatewayImagePlacement.MessageImages"/>.</summary>
    public GatewayImagePlacement ChatImagePlacement { get; set; } = GatewayImagePlacement.MessageImages;

    /// <summary>
    /// The provider's model names → Google model ids, e.g. <c>google/gemini-3-pro-image-preview</c> →
    /// <c>gemini-3-pro-image</c>. Google ids (with or without <c>-preview</c>) need no entry.
    /// </summary>
    public IDictionary<string, string> ModelAliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The model name answered for a name asked, when the provider reports another one (default: the name asked).</summary>
    public IDictionary<string, string> ReturnedModels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// USD per image, by the model name as sent or, failing that, its Google id. Seeded from one provider's public
    /// list (2026-10, flat across sizes): <c>gemini-2.5-flash-image</c> 0.02, <c>gemini-3.1-flash-lite-image</c> 0.025,
    /// <c>gemini-3.1-flash-image</c> 0.055, <c>gemini-3-pro-image</c> 0.09. A model without a price bills 0.
    /// </summary>
    public IDictionary<string, decimal> Prices { get; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["gemini-2.5-flash-image"] = 0.02m,
        ["gemini-3.1-flash-lite-image"] = 0.025m,
        ["gemini-3.1-flash-image"] = 0.055m,
        ["gemini-3-pro-image"] = 0.09m,
    };

    /// <summary>
    /// Whether Images API answers always give <c>data[].url</c> (a link under <c>/gateway/files/</c>) instead of
    /// <c>b64_json</c>, whatever <c>response_format</c> asks, as some gateways do. Default false: <c>url</c> only when asked.
    /// </summary>
    public bool AnswersImagesAsUrl { get; init; }

    /// <summary>Whether answers carry the price in <c>usage.cost</c> (some gateways report it, most do not). Default false.</summary>
    public bool ReportsCost { get; set; }

    /// <summary>
    /// Whether 200 answers carry the price in an <c>x-litellm-response-cost</c> header (as LiteLLM proxies do), in USD
    /// as a plain decimal, e.g. <c>0.09</c>; the amount is what <c>usage.cost</c> would report. Independent of
    /// <see cref="ReportsCost"/>. Default false.
    /// </summary>
    public bool ReportsCostHeader { get; init; }

    /// <summary>
    /// Rate limits reported on successful (2xx) answers in OpenAI's headers: <c>x-ratelimit-limit-requests</c>,
    /// <c>x-ratelimit-remaining-requests</c>, <c>x-ratelimit-reset-requests</c> and the same for <c>-tokens</c>, counted
    /// per gateway over fixed windows on the emulator clock. Headers only: the limits are not enforced (script a 429
    /// with a fault). Null (the default): no rate-limit headers on success.
    /// </summary>
    public GatewayRateLimits? RateLimits { get; init; }

    /// <summary>
    /// The largest <c>/v1/images/edits</c> multipart body accepted, in bytes; larger ones get 400 <c>invalid_request_error</c>.
    /// Edits are read as a stream (not through the emulator's <see cref="NanoBananaEmulatorOptions.MaxRequestBodyBytes"/>
    /// buffer), so several multi-megabyte <c>image[]</c> parts are fine. Default 64 MiB; positive.
    /// </summary>
    public long MaxEditBodyBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// The failed-call rule: the outcomes the provider charges for. Default as laozhang.ai documents it (2026-10):
    /// <see cref="GatewayCallOutcome.Success"/>, <see cref="GatewayCallOutcome.NoImage"/> (charged once) and
    /// <see cref="GatewayCallOutcome.Timeout"/> are charged; 4xx, 429 and 5xx are not.
    /// </summary>
    public ISet<GatewayCallOutcome> BilledOutcomes { get; } = new HashSet<GatewayCallOutcome>
    {
        GatewayCallOutcome.Success, GatewayCallOutcome.NoImage, GatewayCallOutcome.Timeout,
    };
}

/// <summary>
/// A gateway's reported rate limits (<see cref="GatewayProvider.RateLimits"/>): what its <c>x-ratelimit-*</c> headers say.
/// Each answered call uses one request and its total tokens within the current window.
/// </summary>
public sealed class GatewayRateLimits
{
    /// <summary>Requests per window (<c>x-ratelimit-limit-requests</c>). Default 60; positive.</summary>
    public int Requests { get; init; } = 60;

    /// <summary>Tokens per window (<c>x-ratelimit-limit-tokens</c>). Default 1,000,000; positive.</summary>
    public long Tokens { get; init; } = 1_000_000;

    /// <summary>
    /// The window: counts start at the first call and reset when it ends; <c>x-ratelimit-reset-*</c> is the time left,
    /// written as OpenAI does (<c>250ms</c>, <c>12s</c>, <c>6m0s</c>). Default one minute; positive.
    /// </summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);
}
