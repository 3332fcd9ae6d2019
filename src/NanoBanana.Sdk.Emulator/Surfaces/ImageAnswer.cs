using NanoBanana.Sdk.Emulator.Imaging;

namespace NanoBanana.Sdk.Emulator.Surfaces;

/// <summary>A validated image request, whatever surface it came in on.</summary>
/// <param name="Spec">The model.</param>
/// <param name="RequestedModel">The model string as sent (echoed back as the model version).</param>
/// <param name="Size">The image size (validated).</param>
/// <param name="Ratio">The aspect ratio (validated).</param>
/// <param name="Prompt">All prompt text, joined.</param>
/// <param name="Seed">The request's seed, if any.</param>
/// <param name="Inputs">Input image bytes (edits), oldest first.</param>
/// <param name="WantImage">Whether image output was asked for (response modalities).</param>
/// <param name="WantText">Whether text output was asked for.</param>
/// <param name="MimeType">The image format to answer with: <c>image/png</c> or <c>image/jpeg</c>.</param>
internal sealed record ImageJob(
    ModelSpec Spec,
    string RequestedModel,
    string Size,
    string Ratio,
    string Prompt,
    long? Seed,
    IReadOnlyList<byte[]> Inputs,
    bool WantImage,
    bool WantText,
    string MimeType)
{
    /// <summary>The <c>service_tier</c> the request asked for (and that serves it); <c>standard</c> when none.</summary>
    public string ServiceTier { get; init; } = "standard";

    /// <summary>Tokens Gemini bills for one input image (an approximation: 258 per image).</summary>
    public const int InputImageTokens = 258;

    /// <summary>The error message for an unsupported size or ratio, or null when both are fine.</summary>
    public static (string Field, string Message)? Validate(ModelSpec spec, string size, string ratio, string sizeField, string ratioField)
    {
        if (!spec.Sizes.Contains(size))
        {
            var hint = size.EndsWith('k') ? " Sizes use an uppercase K." : string.Empty;
            return (sizeField, $"* {sizeField}: Unsupported image size '{size}' for model {spec.Id}. Supported values: {string.Join(", ", spec.Sizes)}.{hint}");
        }

        if (!spec.Ratios.Contains(ratio))
        {
            return (ratioField, $"* {ratioField}: Unsupported aspect ratio '{ratio}' for model {spec.Id}. Supported values: {string.Join(", ", spec.Ratios)}.");
        }

        return null;
    }

    /// <summary>
    /// The per-model checks of Google's own routes, after <see cref="Validate"/>: a size on a model that takes none,
    /// and a tier the model has no lane for. Answers 400 INVALID_ARGUMENT in Google's wording.
    /// </summary>
    public static (string Field, string Message)? ValidateModelOptions(ModelSpec spec, string? sentSize, string? tier, string sizeField, string tierField)
    {
        if (sentSize is not null && !spec.TakesSize)
        {
            return (sizeField, $"* {sizeField}: Image size is not supported for model {spec.Id}.");
        }

        if (tier is not null && !spec.Tiers.Contains(tier))
        {
            return (tierField, $"* {tierField}: Service tier '{tier}' is not supported for model {spec.Id}. Supported values: {string.Join(", ", spec.Tiers)}.");
        }

        return null;
    }
}

/// <summary>One part of an answer: text or an image, possibly a thought.</summary>
internal sealed record AnswerPart(string? Text, GeneratedImage? Image, bool Thought = false, string? ThoughtSignature = null);

/// <summary>
/// What the model "said" for a job, independent of wire shape: thoughts, output parts, finish/block reason and
/// token usage. generateContent, streaming, Interactions (and later surfaces) render the same answer.
/// </summary>
internal sealed class ImageAnswer
{
    public required string ResponseId { get; init; }

    public required string ModelVersion { get; init; }

    /// <summary>Thought parts (Gemini 3 only): a text summary and a small interim image; clients must skip them.</summary>
    public required IReadOnlyList<AnswerPart> Thoughts { get; init; }

    public required IReadOnlyList<AnswerPart> Output { get; init; }

    /// <summary><c>STOP</c>, or the reason a fault stopped the candidate (<c>IMAGE_SAFETY</c>…); null when the prompt was blocked.</summary>
    public string? FinishReason { get; init; }

    /// <summary><c>promptFeedback.blockReason</c> when the prompt was blocked.</summary>
    public string? BlockReason { get; init; }

    public int PromptTextTokens { get; init; }

    public int PromptImageTokens { get; init; }

    public int OutputImageTokens { get; init; }

    public int OutputTextTokens { get; init; }

    public int ThoughtTokens { get; init; }

    /// <summary>The tier that served the job (<c>usageMetadata.serviceTier</c>).</summary>
    public string ServiceTier { get; init; } = "standard";

    public int PromptTokens => PromptTextTokens + PromptImageTokens;

    public int CandidateTokens => OutputImageTokens + OutputTextTokens;

    public int TotalTokens => PromptTokens + CandidateTokens + ThoughtTokens;

    /// <summary>The last non-thought image, if any.</summary>
    public GeneratedImage? Image => Output.LastOrDefault(p => p.Image is not null)?.Image;

    public static int TextTokens(string text) => text.Length == 0 ? 0 : Math.Max(1, (text.Length + 3) / 4);

    /// <summary>Answers a job, shaped by a content fault (text only, safety stop, blocked prompt, other model) if any.</summary>
    /// <param name="job">The request.</param>
    /// <param name="images">The image generator.</param>
    /// <param name="fault">A content fault, or null.</param>
    /// <param name="responseId">A fixed response id (answers regenerated on every read, such as batch results lines); null for a fresh one.</param>
    public static ImageAnswer Create(ImageJob job, ImageGenerator images, Fault? fault, string? responseId = null)
    {
        var seed = ImageGenerator.Seed(job.Spec.Id, job.Size, job.Ratio, job.Prompt, job.Seed, job.Inputs.Select(b => (ReadOnlyMemory<byte>)b));
        var kind = fault?.Kind;
        var promptText = TextTokens(job.Prompt);
        var promptImages = job.Inputs.Count * ImageJob.InputImageTokens;
        var model = kind == FaultKind.ReturnedModel ? fault!.Model! : job.RequestedModel;
        responseId ??= EmulatorState.NewId();

        if (kind == FaultKind.PromptBlocked)
        {
            return new ImageAnswer
            {
                ResponseId = responseId, ModelVersion = model, Thoughts = [], Output = [], BlockReason = fault!.Reason, ServiceTier = job.ServiceTier,
                PromptTextTokens = promptText, PromptImageTokens = promptImages,
            };
        }

        var thoughtTokens = job.Spec.IsGemini3 ? 120 + (int)(seed % 180) : 0;
        var thoughts = new List<AnswerPart>();
        if (job.Spec.IsGemini3)
        {
            var (w, h) = job.Spec.Pixels(ModelSpec.DefaultSize, job.Ratio);
            thoughts.Add(new AnswerPart($"**Composing the image**\n\nI'm planning the layout for: {Shorten(job.Prompt)}", null, Thought: true));
            thoughts.Add(new AnswerPart(null, images.GenerateInterim(seed, Math.Max(1, w / 4), Math.Max(1, h / 4)), Thought: true));
        }

        if (kind == FaultKind.FinishReason)
        {
            return new ImageAnswer
            {
                ResponseId = responseId, ModelVersion = model, Thoughts = thoughts, Output = [], FinishReason = fault!.Reason, ServiceTier = job.ServiceTier,
                PromptTextTokens = promptText, PromptImageTokens = promptImages, ThoughtTokens = thoughtTokens,
            };
        }

        var output = new List<AnswerPart>();
        var text = kind == FaultKind.TextOnly ? $"I can't create that image, but here is a description instead: {Shorten(job.Prompt)}"
            : !job.WantImage ? $"A description of the requested image: {Shorten(job.Prompt)}"
            : job.WantText ? $"Here is your image: {Shorten(job.Prompt)}"
            : null;
        if (text is not null)
        {
            output.Add(new AnswerPart(text, null));
        }

        var imageTokens = 0;
        if (kind != FaultKind.TextOnly && job.WantImage)
        {
            var (width, height) = job.Spec.Pixels(job.Size, job.Ratio);
            var signature = job.Spec.IsGemini3 ? Convert.ToBase64String(BitConverter.GetBytes(seed * 31)) : null;
            output.Add(new AnswerPart(null, images.Generate(seed, width, height, job.MimeType), ThoughtSignature: signature));
            imageTokens = job.Spec.ImageTokens(job.Size);
        }

        return new ImageAnswer
        {
            ResponseId = responseId, ModelVersion = model, Thoughts = thoughts, Output = output, FinishReason = "STOP", ServiceTier = job.ServiceTier,
            PromptTextTokens = promptText, PromptImageTokens = promptImages, ThoughtTokens = thoughtTokens,
            OutputImageTokens = imageTokens, OutputTextTokens = text is null ? 0 : TextTokens(text),
        };
    }

    private static string Shorten(string prompt) => prompt.Length <= 80 ? prompt : prompt[..77] + "...";
}
