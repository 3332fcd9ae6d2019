namespace NanoBanana.Sdk.Http;

/// <summary>
/// A read-only wrapper that ends a read which receives nothing for <c>idle</c> (on the given <see cref="TimeProvider"/>)
/// with an <see cref="OperationCanceledException"/> wrapping a <see cref="TimeoutException"/>: the pipeline classifies
/// that as a client timeout, as it does for <c>HttpClient.Timeout</c>. For long downloads that have no overall
/// timeout (Batch results files): a stalled stream ends instead of hanging forever.
/// </summary>
internal sealed class IdleTimeoutStream(Stream inner, TimeSpan idle, TimeProvider time) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var timer = new CancellationTokenSource(idle, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            return await inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            var seconds = idle.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            throw new OperationCanceledException(
                $"The download received nothing for {seconds} s (the idle timeout) and was stopped.",
                new TimeoutException($"No data for {seconds} s."));
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
