namespace NanoBanana.Sdk.Tests.Wire;

/// <summary>
/// A read-only stream that hands out at most <c>chunkSize</c> bytes per read, like a network stream does, so the
/// parser meets every token and base64 quad split at every possible place. It can also cut the body short or fail
/// with an <see cref="IOException"/> like a dropped connection. With a seed, each read hands out a random (seeded)
/// 1..<c>chunkSize</c> bytes instead, like a jittery network.
/// </summary>
internal sealed class ChunkedStream(byte[] data, int chunkSize, int? failAfter = null, int? seed = null) : Stream
{
    private readonly Random? _random = seed is int s ? new Random(s) : null;
    private int _position;

    /// <summary>A stream handing out a random (seeded) 1..<paramref name="maxChunk"/> bytes per read.</summary>
    public static ChunkedStream Jittery(byte[] data, int seed, int maxChunk = 7) => new(data, maxChunk, seed: seed);

    public int ReadCount { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ReadCount++;
        if (failAfter is int limit && _position >= limit)
        {
            throw new IOException("The response ended prematurely (simulated).");
        }

        int count = Math.Min(Math.Min(_random?.Next(1, chunkSize + 1) ?? chunkSize, buffer.Length), data.Length - _position);
        data.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
