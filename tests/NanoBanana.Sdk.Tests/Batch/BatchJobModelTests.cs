using NanoBanana.Sdk.Errors;
using NSubstitute;

namespace NanoBanana.Sdk.Tests.Batch;

public sealed class BatchJobModelTests
{
    [Fact]
    public void The_model_factory_builds_a_job_and_item_results_for_users_tests()
    {
        var job = NanoBananaModelFactory.ImageBatchJob(state: BatchJobState.Expired, stats: new BatchJobStats(4, 2, 0, 2), resultsFile: "files/batch-x");
        var failed = NanoBananaModelFactory.BatchItemResult("sku-9");
        var ok = NanoBananaModelFactory.BatchItemResult("sku-1", NanoBananaModelFactory.ImageGenerationResult(route: ImageRoute.Batch));

        Assert.True(job.HasCompleted);
        Assert.Equal(2, job.Stats.Completed);
        Assert.Equal("files/batch-x", job.ResultsFile);
        Assert.Equal(ErrorKind.NoImage, failed.Error!.Kind);
        Assert.False(failed.IsSuccess);
        Assert.True(ok.IsSuccess);
        Assert.Equal(PriceLane.GoogleBatch, ok.Cost.Lane);
        Assert.Throws<InvalidOperationException>(() => job.DeleteAsync().GetAwaiter().GetResult());
    }

    [Fact]
    public async Task A_job_and_the_client_interface_can_be_mocked()
    {
        var job = Substitute.For<ImageBatchJob>();
        job.State.Returns(BatchJobState.Running);
        job.WaitForCompletionAsync(Arg.Any<IProgress<BatchJobProgress>?>(), Arg.Any<CancellationToken>()).Returns(BatchJobState.Succeeded);
        var client = Substitute.For<IBatchImageClient>();
        client.GetJobAsync("batches/x", Arg.Any<CancellationToken>()).Returns(job);

        var rehydrated = await client.GetJobAsync("batches/x");

        Assert.Equal(BatchJobState.Running, rehydrated.State);
        Assert.Equal(BatchJobState.Succeeded, await rehydrated.WaitForCompletionAsync());
    }

    [Theory]
    [InlineData("sku-1", "sku-1")]
    [InlineData("sku/1", "sku%2F1")]
    [InlineData("..", "%2E.")]
    [InlineData("a:b?c", "a%3Ab%3Fc")]
    public void Keys_become_safe_file_names(string key, string name) => Assert.Equal(name, BatchImageClient.SafeFileName(key));
}
