using System.Diagnostics;
using System.Drawing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NSubstitute;

#pragma warning disable MEAI001 // Microsoft.Extensions.AI's image generation is experimental in 10.11.

namespace NanoBanana.Sdk.Extensions.Tests;

public sealed class ImageGeneratorTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private OfficialImageClient Official() => new(new OfficialImageClientOptions
    {
        ApiKey = EmulatorFixture.Key,
        BaseUrl = fixture.Emulator.BaseAddress,
        AllowInsecureHttp = true,
        ProjectId = EmulatorFixture.Project,
    });

    [Fact]
    public async Task Runs_through_the_Microsoft_Extensions_AI_pipeline_with_logging_and_OpenTelemetry()
    {
        using var official = Official();
        var client = new NanoBananaClient(official);
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "meai-test",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        using var generator = client.AsIImageGenerator()
            .AsBuilder()
            .UseLogging(loggerFactory)
            .UseOpenTelemetry(loggerFactory, sourceName: "meai-test")
            .Build();

        var response = await generator.GenerateImagesAsync(
            "a banana on a desk", new ImageGenerationOptions { ImageSize = new Size(2752, 1536) });

        var image = Assert.IsType<DataContent>(Assert.Single(response.Contents));
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal((2752, 1536), new GeneratedImage(image.Data, image.MediaType).TryGetDimensions());
        var raw = Assert.IsType<NanoBananaResult>(response.RawRepresentation);
        Assert.Equal(ImageSize.TwoK, raw.Plan.Size);
        Assert.Equal(AspectRatio.Landscape16x9, raw.Plan.AspectRatio);
        var result = raw.EnsureImage();
        Assert.True(result.Cost.EstimatedCostUsd > 0);
        Assert.NotNull(response.Usage);
        Assert.Equal((long)result.Usage!.OutputImageTokens!.Value, response.Usage!.AdditionalCounts![NanoBananaImageGenerator.OutputImageTokenCountKey]);
        Assert.Equal(result.Usage.InputTokens, (int?)response.Usage.InputTokenCount);
        Assert.Equal(result.Usage.ThoughtTokens, (int?)response.Usage.ReasoningTokenCount);

        var span = Assert.Single(spans);
        Assert.Equal("gcp.gemini", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(raw.Plan.ModelId, span.GetTagItem("gen_ai.request.model"));
        Assert.NotEmpty(logs.GetSnapshot());
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Message.Contains(EmulatorFixture.Key, StringComparison.Ordinal));
    }

    [Fact]
    public void Metadata_names_Google_and_the_planned_default_model()
    {
        using var official = Official();
        using var generator = new NanoBananaClient(official).AsIImageGenerator();

        var metadata = generator.GetService<ImageGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal("gcp.gemini", metadata!.ProviderName);
        Assert.Equal(ModelCatalog.DefaultModelId, metadata.DefaultModelId);
        Assert.NotNull(generator.GetService<INanoBananaClient>());
        Assert.Null(generator.GetService<INanoBananaClient>("some key"));
        Assert.Null(generator.GetService<IOfficialImageClient>());
    }

    [Theory]
    [InlineData(1024, 1024, "1K", "1:1", true)]
    [InlineData(2752, 1536, "2K", "16:9", true)]
    [InlineData(1792, 1024, "2K", "16:9", false)] // a DALL-E size: nearest ratio 16:9, smallest tier covering 1792 px
    [InlineData(1024, 1792, "2K", "9:16", false)]
    [InlineData(256, 256, "1K", "1:1", false)] // Pro has no 512 tier: the smallest it has
    [InlineData(9000, 9000, "4K", "1:1", false)] // larger than any tier: the largest
    public void Pixel_sizes_map_through_the_catalogs_pixel_table(int width, int height, string size, string ratio, bool exact)
    {
        var model = ModelCatalog.Default.Find(ImageModel.ProImageId)!;
        var mapped = NanoBananaImageGenerator.MapPixels(model, new Size(width, height));

        Assert.Equal(new ImageSize(size), mapped.Size);
        Assert.Equal(new AspectRatio(ratio), mapped.AspectRatio);
        Assert.Equal(exact, mapped.Exact);
        Assert.Throws<ArgumentException>(() => NanoBananaImageGenerator.MapPixels(model, new Size(0, 10)));
    }

    [Fact]
    public async Task Edits_send_the_original_images_and_options_map_onto_the_request()
    {
        var client = Substitute.For<INanoBananaClient>();
        client.Plan(Arg.Any<ImageRequest>()).Returns(c => Plan(c.Arg<ImageRequest>().Model ?? ImageModel.NanoBanana21Id));
        ImageRequest? sent = null;
        client.GenerateAsync(Arg.Do<ImageRequest>(r => sent = r), Arg.Any<CancellationToken>())
            .Returns(new NanoBananaResult
            {
                Kind = NanoBananaResultKind.Image,
                Image = new ImageGenerationResult { Images = [new GeneratedImage(Png, "image/png"), new GeneratedImage(Png, "image/png")] },
                Plan = Plan(ImageModel.ProImageId),
                Attempts = [],
            });
        using var generator = client.AsIImageGenerator();

        var response = await generator.EditImageAsync(
            new DataContent(Png, "image/png"),
            "make it blue",
            new ImageGenerationOptions { ModelId = ImageModel.ProImageId, Count = 2, MediaType = "image/jpeg" });

        Assert.NotNull(sent);
        Assert.Equal("make it blue", sent!.Prompt);
        Assert.Equal(ImageModel.ProImageId, sent.Model);
        Assert.Equal(2, sent.ImageCount);
        Assert.Equal("image/jpeg", sent.OutputMimeType);
        Assert.Equal(ImageOperation.Edit, sent.Operation);
        Assert.Equal(Png, Assert.Single(sent.InputImages).Data.ToArray());
        Assert.Equal(2, response.Contents.Count);
        Assert.Null(response.Usage);
    }

    [Fact]
    public async Task A_raw_ImageRequest_from_the_options_is_sent_as_it_is()
    {
        var client = Substitute.For<INanoBananaClient>();
        client.Plan(Arg.Any<ImageRequest>()).Returns(Plan(ImageModel.NanoBanana21Id));
        var own = new ImageRequest("own prompt") { Routing = new RoutingPreferences { Quality = RoutingQuality.Draft } };
        client.GenerateAsync(own, Arg.Any<CancellationToken>()).Returns(new NanoBananaResult
        {
            Kind = NanoBananaResultKind.Image,
            Image = new ImageGenerationResult { Images = [new GeneratedImage(Png, "image/png")] },
            Plan = Plan(ImageModel.FlashLiteImageId),
            Attempts = [],
        });
        using var generator = client.AsIImageGenerator();

        var response = await generator.GenerateImagesAsync("ignored", new ImageGenerationOptions { RawRepresentationFactory = _ => own });

        Assert.Single(response.Contents);
        await client.Received(1).GenerateAsync(own, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Unsupported_inputs_are_refused_before_any_call_naming_the_fix()
    {
        var client = Substitute.For<INanoBananaClient>();
        client.Plan(Arg.Any<ImageRequest>()).Returns(Plan(ImageModel.NanoBanana21Id));
        using var generator = client.AsIImageGenerator();

        var uri = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(
            new ImageGenerationRequest("edit", [new UriContent(new Uri("https://example.com/a.png"), "image/png")])));
        Assert.Contains("DataContent", uri.Message, StringComparison.Ordinal);
        var format = await Assert.ThrowsAsync<NotSupportedException>(() => generator.GenerateImagesAsync(
            "x", new ImageGenerationOptions { ResponseFormat = ImageGenerationResponseFormat.Uri }));
        Assert.Contains("ImageGenerationResponseFormat.Data", format.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(new ImageGenerationRequest(" ")));
        await client.DidNotReceive().GenerateAsync(Arg.Any<ImageRequest>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Offline_work_that_became_a_Batch_job_is_an_error_naming_the_job()
    {
        var client = Substitute.For<INanoBananaClient>();
        client.Plan(Arg.Any<ImageRequest>()).Returns(Plan(ImageModel.NanoBanana21Id));
        var job = NanoBananaModelFactory.ImageBatchJob(id: "batches/job-42");
        client.GenerateAsync(Arg.Any<ImageRequest>(), Arg.Any<CancellationToken>()).Returns(new NanoBananaResult
        {
            Kind = NanoBananaResultKind.BatchJob,
            BatchJob = job,
            BatchItemKey = "k1",
            Plan = Plan(ImageModel.NanoBanana21Id),
            Attempts = [],
        });
        using var generator = client.AsIImageGenerator();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => generator.GenerateImagesAsync("overnight"));
        Assert.Contains("batches/job-42", error.Message, StringComparison.Ordinal);
    }

    private static RoutePlan Plan(string model) => new()
    {
        Route = ImageRoute.Official,
        Lane = PriceLane.GoogleStandard,
        Model = model,
        ModelId = model,
        PricedSize = ImageSize.OneK,
        Reasons = [],
    };
}
