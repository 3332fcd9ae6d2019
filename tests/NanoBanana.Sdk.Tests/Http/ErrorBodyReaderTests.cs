using System.Net;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Http;

namespace NanoBanana.Sdk.Tests.Http;

public sealed class ErrorBodyReaderTests
{
    [Fact]
    public void The_cap_is_the_classifiers_own()
    {
        Assert.Equal(ErrorClassifier.MaxErrorBodyBytes, ErrorBodyReader.MaxBytes);
        Assert.Equal(64 * 1024, ErrorBodyReader.MaxBytes);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(10, 10L)]
    [InlineData(10, null)]
    [InlineData(100_000, null)]
    [InlineData(100_000, 100_000L)]
    [InlineData(70_000, 5L)]
    public async Task Reads_the_body_up_to_the_cap(int length, long? declared)
    {
        byte[] body = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        using var response = Response(new Feed(body, _ => { }), declared);

        byte[] read = await ErrorBodyReader.ReadAsync(response, ErrorBodyReader.MaxBytes, CancellationToken.None);

        Assert.Equal(body.Take(ErrorBodyReader.MaxBytes).ToArray(), read);
    }

    [Fact]
    public async Task A_body_cut_by_the_connection_keeps_what_arrived()
    {
        using var response = Response(new Feed(new byte[5000], read => { if (read == 3) throw new IOException("reset"); }));

        byte[] read = await ErrorBodyReader.ReadAsync(response, 1 << 16, CancellationToken.None);

        Assert.Equal(3 * Feed.Chunk, read.Length);
    }

    [Fact]
    public async Task Cancelling_between_reads_throws_the_callers_cancellation()
    {
        using var cts = new CancellationTokenSource();
        using var response = Response(new Feed(new byte[5000], read => { if (read == 2) cts.Cancel(); }));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ErrorBodyReader.ReadAsync(response, 1 << 16, cts.Token));

        Assert.Equal(cts.Token, error.CancellationToken);
    }

    [Fact]
    public async Task An_IOException_caused_by_cancellation_is_cancellation()
    {
        using var cts = new CancellationTokenSource();
        using var response = Response(new Feed(new byte[5000], read =>
        {
            if (read == 2)
            {
                cts.Cancel();
                throw new IOException("The operation was aborted.");
            }
        }));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ErrorBodyReader.ReadAsync(response, 1 << 16, cts.Token));

        Assert.Equal(cts.Token, error.CancellationToken);
    }

    [Fact]
    public async Task An_already_cancelled_token_reads_nothing()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var feed = new Feed(new byte[10], _ => { });
        using var response = Response(feed);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ErrorBodyReader.ReadAsync(response, 1 << 16, cts.Token));
        Assert.Equal(0, feed.Reads);
    }

    private static HttpResponseMessage Response(Stream body, long? declared = null)
    {
        var content = new StreamContent(body);
        content.Headers.ContentLength = declared;
        return new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = content };
    }

    /// <summary>Hands out <see cref="Chunk"/> bytes per read and runs a hook (which may cancel or throw) before each read.</summary>
    private sealed class Feed(byte[] data, Action<int> beforeRead) : Stream
    {
        public const int Chunk = 100;

        private int _position;

        public int Reads { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            beforeRead(Reads++);
            int count = Math.Min(Math.Min(Chunk, buffer.Length), data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
