namespace NanoBanana.Sdk;

/// <summary>Which contract owns a request: who prices it, bills it and explains its errors (SPEC §1).</summary>
public enum ImageRoute
{
    /// <summary>Google Standard: real-time, first-party (<c>IOfficialImageClient</c>).</summary>
    Official = 0,

    /// <summary>Google Batch jobs and the Flex tier: half price, not real-time (<c>IBatchImageClient</c>).</summary>
    Batch = 1,

    /// <summary>An OpenAI-compatible provider gateway: the provider's price, billing and logs (<c>IProviderImageClient</c>).</summary>
    Provider = 2,
}

/// <summary>The price lane a request is billed on. Google lanes and provider lanes never share a price table.</summary>
public enum PriceLane
{
    /// <summary>Google Standard list prices (real-time).</summary>
    GoogleStandard = 0,

    /// <summary>Google Priority tier (real-time, higher price).</summary>
    GooglePriority = 1,

    /// <summary>Google Batch jobs (about 50% of Standard).</summary>
    GoogleBatch = 2,

    /// <summary>Google Flex tier: synchronous, about 50% of Standard, may queue or be shed.</summary>
    GoogleFlex = 3,

    /// <summary>A provider gateway's own price list; never a Google price.</summary>
    Provider = 4,
}

/// <summary>What a request does to images; some price lists charge edits differently.</summary>
public enum ImageOperation
{
    /// <summary>Text-to-image generation.</summary>
    Generate = 0,

    /// <summary>An edit of one or more input images.</summary>
    Edit = 1,
}
