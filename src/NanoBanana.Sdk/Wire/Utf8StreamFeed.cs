using System.Buffers;

namespace NanoBanana.Sdk.Wire;

/// <summary>
/// The read side of the streaming parser: a response stream and one pooled buffer of not yet consumed bytes
/// (<c>Buffer[Start..End]</c>). One feed can outlive several parses: the line-mode reader runs one engine per JSON
/// line over the same feed, so bytes read past the end of a line wait here for the next one.
/// </summary>
internal sealed class Utf8StreamFeed : IDisposable
{
    private const int InitialBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly long _maxBufferBytes;

    // Line mode: the stream position of the first '\n' at or after Position, or -1; and how far it was searched.
    private long _newlinePosition = -1;
    private long _newlineSearchedTo;

    // A read that failed after others in the same fill had produced bytes: thrown at the next fill.
    private ResponseParseException? _pendingFailure;

    public Utf8StreamFeed(Stream stream, long maxBufferBytes)
    {
        _stream = stream;
        _maxBufferBytes = maxBufferBytes;
    }

    public byte[] Buffer { get; private set; } = ArrayPool<byte>.Shared.Rent(InitialBufferSize);

    /// <summary>Index in <see cref="Buffer"/> of the first unconsumed byte.</summary>
    public int Start { get; set; }

    /// <summary>Index in <see cref="Buffer"/> just past the last byte read.</summary>
    public int End { get; private set; }

    /// <summary>How many bytes the stream has produced so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The stream returned 0: no more bytes will come.</summary>
    public bool EndOfStream { get; private set; }

    /// <summary>The stream offset of <see cref="Start"/> (relative to where reading began).</summary>
    public long Position => BytesRead - (End - Start);

    /// <summary>The unconsumed bytes.</summary>
    public ReadOnlySpan<byte> Pending => Buffer.AsSpan(Start, End - Start);

    /// <summary>The largest single token the feed will buffer.</summary>
    public long MaxBufferBytes => _maxBufferBytes;

    /// <summary>
    /// The index in <see cref="Buffer"/> of the first <c>'\n'</c> at or after <see cref="Start"/>, or -1 when none is
    /// buffered yet. Each byte is searched once however often this is asked.
    /// </summary>
    public int FindNewline()
    {
        long bufferBase = BytesRead - End;
        if (_newlinePosition >= Position)
        {
            return (int)(_newlinePosition - bufferBase);
        }

        long from = Math.Max(_newlineSearchedTo, Position);
        int index = Buffer.AsSpan((int)(from - bufferBase), (int)(BytesRead - from)).IndexOf((byte)'\n');
        if (index < 0)
        {
            _newlineSearchedTo = BytesRead;
            _newlinePosition = -1;
            return -1;
        }

        _newlinePosition = from + index;
        _newlineSearchedTo = _newlinePosition + 1;
        return (int)(_newlinePosition - bufferBase);
    }

    /// <summary>Reads more bytes, keeping the unconsumed ones (moved to the front, the buffer grown when full).</summary>
    public async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (Start == End)
        {
            Start = End = 0;
        }
        else if (Start > 0)
        {
            // Only an incomplete token (or escape) is left; move it to the front so the next read extends it.
            Buffer.AsSpan(Start, End - Start).CopyTo(Buffer);
            End -= Start;
            Start = 0;
        }

        if (End == Buffer.Length)
        {
            Grow();
        }

        // Left-over bytes mean the reader is waiting for the end of a token it will scan again from its start:
        // fill the whole buffer first so a long token arriving in small network reads is not rescanned per read.
        bool fillBuffer = End > 0;
        if (_pendingFailure is { } failure)
        {
            _pendingFailure = null;
            throw failure;
        }

        int filled = 0;
        do
        {
            int read;
            try
            {
                read = await ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ResponseParseException ex) when (filled > 0)
            {
                // The bytes that did arrive come first (they may complete a JSON line); the break is reported next time.
                _pendingFailure = ex;
                return;
            }

            End += read;
            BytesRead += read;
            filled += read;
            EndOfStream = read == 0;
        }
        while (fillBuffer && !EndOfStream && End < Buffer.Length);
    }

    public void Dispose()
    {
        if (Buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
            Buffer = [];
        }
    }

    private async ValueTask<int> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _stream.ReadAsync(Buffer.AsMemory(End), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // A stream may report cancellation as an IOException; the caller must still see it as cancellation.
            cancellationToken.ThrowIfCancellationRequested();

            // The connection broke mid-body (HttpIOException ResponseEnded and friends): to the caller it is a cut answer.
            throw new ResponseParseException(ResponseParseFailure.Truncated, $"The answer could not be read to its end after {BytesRead} bytes.", ex);
        }
    }

    private void Grow()
    {
        if (Buffer.Length >= _maxBufferBytes)
        {
            throw new ResponseParseException(ResponseParseFailure.Malformed, $"The answer holds a single JSON value larger than {_maxBufferBytes} bytes.");
        }

        byte[] next = ArrayPool<byte>.Shared.Rent((int)Math.Min(Buffer.Length * 2L, _maxBufferBytes));
        Buffer.AsSpan(0, End).CopyTo(next);
        ArrayPool<byte>.Shared.Return(Buffer);
        Buffer = next;
    }
}
