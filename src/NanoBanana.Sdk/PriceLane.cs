namespace NanoBanana.Sdk;

/// <summary>The price lane a request is billed on. Google lanes and provider lanes never share a price table.</summary>
public enum PriceLane
{
    /// <summary>Google Standard list prices (real-time).</summary>
    GoogleStandard = 0,

    /// <summary>Google Priority tier (real-time, higher price).</summary>
    GooglePriority = 1,

    /// <summary>Google Batch jobs (about 50% of Standard).</summary>
    GoogleBatch = 2,

    /// <summary>Google Flex tier on the official route: a synchronous call, about 50% of Standard (the Batch price row), may queue or be shed.</summary>
    GoogleFlex = 3,

    /// <summary>A provider gateway's own price list; never a Google price.</summary>
    Provider = 4,
}
