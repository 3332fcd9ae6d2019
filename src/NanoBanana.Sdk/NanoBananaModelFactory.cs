using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk;

/// <summary>
/// Builds the SDK's output types for your own tests and fakes (an <c>IOfficialImageClient</c> substitute that
/// returns a result, say). Every parameter is optional and defaults to a plausible value, so a test states only
/// what it cares about, and adding a member to an output type never breaks it. For exceptions, use
/// <see cref="Errors.NanoBananaErrorFactory"/>: it runs the real classifier.
/// </summary>
public static class NanoBananaModelFactory
{
    /// <summary>Builds a successful image result.</summary>
    /// <param name="images">The images; default one 1x1 PNG.</param>
    /// <param name="model">The requested model string, resolved through <paramref name="catalog"/>; default the catalog's default model.</param>
    /// <param name="route">The route; default <see cref="ImageRoute.Official"/>.</param>
    /// <param name="lane">The price lane; default the route's usual lane.</param>
    /// <param name="cost">The cost record; default one built by <see cref="CostRecord"/> for this model, route and lane.</param>
    /// <param name="text">Text returned beside the image.</param>
    /// <param name="responseId">The answer's id.</param>
    /// <param name="requestId">The request id.</param>
    /// <param name="returnedModel">The model the service says answered.</param>
    /// <param name="size">The requested size.</param>
    /// <param name="aspectRatio">The requested aspect ratio.</param>
    /// <param name="latency">The latency; <see langword="null"/> as on a Batch item.</param>
    /// <param name="usage">Token usage.</param>
    /// <param name="finishReason">The raw finish reason; default <c>STOP</c>.</param>
    /// <param name="attempts">How many times the request was sent; default 1.</param>
    /// <param name="warnings">Warnings on the result.</param>
    /// <param name="response">The HTTP facts of the answer.</param>
    /// <param name="clientRequestId">Your own request id.</param>
    /// <param name="catalog">The catalog to resolve <paramref name="model"/> with; default <see cref="ModelCatalog.Default"/>.</param>
    /// <returns>The result.</returns>
    public static ImageGenerationResult ImageGenerationResult(
        IReadOnlyList<GeneratedImage>? images = null,
        string? model = null,
        ImageRoute route = ImageRoute.Official,
        PriceLane? lane = null,
        CostRecord? cost = null,
        string? text = null,
        string? responseId = null,
        string? requestId = null,
        string? returnedModel = null,
        ImageSize? size = null,
        AspectRatio? aspectRatio = null,
        TimeSpan? latency = null,
        TokenUsage? usage = null,
        string? finishReason = "STOP",
        int attempts = 1,
        IReadOnlyList<string>? warnings = null,
        ResponseInfo? response = null,
        string? clientRequestId = null,
        ModelCatalog? catalog = null)
    {
        var resolution = (catalog ?? ModelCatalog.Default).Resolve(model ?? ModelCatalog.DefaultModelId);
        var priceLane = lane ?? Errors.ErrorContext.DefaultLane(route);
        return new ImageGenerationResult
        {
            Images = images ?? [GeneratedImage(OnePixelPng, "image/png")],
            Text = text,
            Model = resolution,
            ReturnedModel = returnedModel,
            ResponseId = responseId,
            RequestId = requestId,
            FinishReason = finishReason,
            FinishKind = FinishKinds.Of(finishReason, null),
            Response = response,
            ClientRequestId = clientRequestId,
            Usage = usage,
            Size = size,
            AspectRatio = aspectRatio,
            Latency = latency,
            Attempts = attempts,
            Route = route,
            Lane = priceLane,
            Cost = cost ?? CostRecord(route, priceLane, resolution.ModelId, size ?? ImageSize.OneK, retries: attempts - 1),
            Warnings = warnings ?? [],
        };
    }

    /// <summary>Builds a cost record.</summary>
    /// <param name="route">The route.</param>
    /// <param name="lane">The price lane; default the route's usual lane.</param>
    /// <param name="modelId">The catalog model id; default the catalog's default model.</param>
    /// <param name="size">The priced size; default 1K.</param>
    /// <param name="unitPriceUsd">The unit price; <see langword="null"/> for a missing price row.</param>
    /// <param name="estimatedCostUsd">The estimated cost; default the unit price.</param>
    /// <param name="reportedCostUsd">The cost the service reported, if any.</param>
    /// <param name="billable">Whether the call is billable; default <see langword="true"/>.</param>
    /// <param name="outcome">How the call ended; default <see cref="BillingOutcome.Success"/>.</param>
    /// <param name="retries">Retries beyond the first attempt.</param>
    /// <param name="provider">The provider's name on the provider route.</param>
    /// <param name="priceSource">Where the price comes from.</param>
    /// <param name="priceCheckedOn">When the price was checked.</param>
    /// <returns>The cost record.</returns>
    public static CostRecord CostRecord(
        ImageRoute route = ImageRoute.Official,
        PriceLane? lane = null,
        string? modelId = null,
        ImageSize? size = null,
        decimal? unitPriceUsd = null,
        decimal? estimatedCostUsd = null,
        decimal? reportedCostUsd = null,
        bool billable = true,
        BillingOutcome outcome = BillingOutcome.Success,
        int retries = 0,
        string? provider = null,
        string? priceSource = null,
        DateOnly? priceCheckedOn = null) => new()
        {
            Route = route,
            Lane = lane ?? Errors.ErrorContext.DefaultLane(route),
            Provider = provider,
            ModelId = modelId ?? ModelCatalog.DefaultModelId,
            Size = size ?? ImageSize.OneK,
            Operation = ImageOperation.Generate,
            UnitPriceUsd = unitPriceUsd,
            PriceSource = priceSource,
            PriceCheckedOn = priceCheckedOn,
            PriceStatus = unitPriceUsd is null ? PriceStatus.Missing : PriceStatus.Found,
            Outcome = outcome,
            EstimatedCostUsd = estimatedCostUsd ?? unitPriceUsd,
            ReportedCostUsd = reportedCostUsd,
            Billable = billable,
            Retries = retries,
        };

    /// <summary>Builds a generated image from bytes.</summary>
    /// <param name="data">The image bytes.</param>
    /// <param name="mimeType">The MIME type; default <c>image/png</c>.</param>
    /// <returns>The image.</returns>
    public static GeneratedImage GeneratedImage(ReadOnlyMemory<byte> data, string mimeType = "image/png") => new(data, mimeType);

    /// <summary>Builds a Batch job handle with a given status, not connected to a client (its calls throw; mock them).</summary>
    /// <param name="id">The job id; default <c>batches/test</c>.</param>
    /// <param name="state">The state; default <see cref="BatchJobState.Succeeded"/>.</param>
    /// <param name="stats">The counters; default all zero.</param>
    /// <param name="displayName">The display name.</param>
    /// <param name="model">The service's model name, e.g. <c>models/gemini-3-pro-image</c>.</param>
    /// <param name="resultsFile">The results file, e.g. <c>files/batch-test</c>.</param>
    /// <param name="error">The job's error.</param>
    /// <param name="createTime">When it was created.</param>
    /// <param name="updateTime">When it last changed.</param>
    /// <param name="endTime">When it ended.</param>
    /// <param name="inputFile">The input file; <see langword="null"/> for an inline job.</param>
    /// <returns>The job.</returns>
    public static ImageBatchJob ImageBatchJob(
        string id = "batches/test",
        BatchJobState state = BatchJobState.Succeeded,
        BatchJobStats? stats = null,
        string? displayName = null,
        string? model = null,
        string? resultsFile = null,
        BatchError? error = null,
        DateTimeOffset? createTime = null,
        DateTimeOffset? updateTime = null,
        DateTimeOffset? endTime = null,
        string? inputFile = "files/input") => new(null, new BatchOperation
        {
            Id = id,
            State = state,
            RawState = "BATCH_STATE_" + state.ToString().ToUpperInvariant(),
            Stats = stats ?? new BatchJobStats(0, 0, 0, 0),
            DisplayName = displayName,
            Model = model,
            ResponsesFile = resultsFile,
            Error = error,
            CreateTime = createTime,
            UpdateTime = updateTime,
            EndTime = endTime,
            InputFile = inputFile,
            Done = state is BatchJobState.Succeeded or BatchJobState.Failed or BatchJobState.Cancelled or BatchJobState.Expired,
        });

    /// <summary>Builds a Batch item's outcome: a success when <paramref name="result"/> is given, else an error.</summary>
    /// <param name="key">Your key.</param>
    /// <param name="result">The image result (see <see cref="ImageGenerationResult"/>, with <c>route: ImageRoute.Batch</c>).</param>
    /// <param name="error">The error; default a <see cref="Errors.ErrorKind.NoImage"/> safety finish when no result is given.</param>
    /// <param name="cost">The cost record; default the result's, or a not-billed record.</param>
    /// <returns>The item's outcome.</returns>
    public static BatchItemResult BatchItemResult(string key, ImageGenerationResult? result = null, BatchError? error = null, CostRecord? cost = null) => new()
    {
        Key = key,
        Result = result,
        Error = result is null
            ? error ?? new BatchError { Kind = Errors.ErrorKind.NoImage, Owner = Errors.ErrorOwner.RequestAndParser, NoImageReason = Errors.NoImageReason.SafetyFinish, FinishReason = "IMAGE_SAFETY" }
            : error,
        Cost = cost ?? result?.Cost ?? CostRecord(route: ImageRoute.Batch, billable: false),
    };

    // The smallest valid PNG: 1x1, one grey pixel.
    private static readonly byte[] OnePixelPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==");
}
