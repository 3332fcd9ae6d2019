namespace NanoBanana.Sdk;

/// <summary>Which contract owns a request: who prices it, bills it and explains its errors (SPEC §1).</summary>
public enum ImageRoute
{
    /// <summary>
    /// Google's real-time API with your own key (<c>IOfficialImageClient</c>), on the Standard, Priority or Flex tier.
    /// Flex is a synchronous call on this route, priced on the Flex lane (the Batch price row), not a Batch job.
    /// </summary>
    Official = 0,

    /// <summary>Google Batch jobs: half price, asynchronous (up to 24 h), never for real-time output.</summary>
    Batch = 1,

    /// <summary>An OpenAI-compatible provider gateway: the provider's price, billing, logs and status route.</summary>
    Provider = 2,
}
