using System.Buffers;
using System.Text.Json;

namespace NanoBanana.Sdk.Wire;

/// <summary>
/// Reads a generateContent or Interactions answer straight from the response stream. Image data is never held as a
/// .NET string nor tokenized by <see cref="Utf8JsonReader"/>: it is base64-decoded chunk by chunk into its final
/// buffer (see <see cref="Base64ImageDecoder"/>). Everything else goes through <see cref="Utf8JsonReader"/> in
/// partial mode, so the answer is validated as JSON while it streams in.
/// </summary>
/// <remarks>
/// <para>How the reader and the raw base64 scanner take turns: when the reader reports the property name
/// <c>data</c> in an image object, its state (just after the name and colon) is kept and the scanner takes over at
/// the opening quote. At the closing quote the kept state is fed a stand-in empty string <c>""</c>; the reader then
/// believes it has read the value itself and goes on with the real bytes after the quote, its depth and structure
/// checks intact.</para>
/// <para>The answer is untrusted: depth, image size and the size of any single JSON token are bounded, and every
/// failure is a <see cref="ResponseParseException"/> except cancellation, which stays an
/// <see cref="OperationCanceledException"/>.</para>
/// </remarks>
internal static partial class ImageResponseParser
{
    /// <summary>Parses a <c>generateContent</c> answer (camelCase or snake_case).</summary>
    public static ValueTask<ParsedImageResponse> ParseGenerateContentAsync(Stream utf8Json, ImageParseLimits limits, CancellationToken cancellationToken) =>
        ParseAsync(utf8Json, limits, Dialect.GenerateContent, cancellationToken);

    /// <summary>Parses an Interactions answer (<c>POST /v1beta/interactions</c> or <c>GET .../interactions/{id}</c>).</summary>
    public static ValueTask<ParsedImageResponse> ParseInteractionAsync(Stream utf8Json, ImageParseLimits limits, CancellationToken cancellationToken) =>
        ParseAsync(utf8Json, limits, Dialect.Interactions, cancellationToken);

    private static async ValueTask<ParsedImageResponse> ParseAsync(Stream utf8Json, ImageParseLimits limits, Dialect dialect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxImageBytes, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxDepth, nameof(limits));

        using var session = new Session(utf8Json, limits, dialect);
        return await session.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private enum Dialect
    {
        GenerateContent,
        Interactions,
    }

    /// <summary>What the session is reading at the moment.</summary>
    private enum Mode
    {
        /// <summary>Tokens, through <see cref="Utf8JsonReader"/>.</summary>
        Json,

        /// <summary>Just after <c>"data":</c> of an image object: a string goes to the scanner, anything else back to the reader.</summary>
        DataValue,

        /// <summary>Inside the image's base64 string, up to its closing quote.</summary>
        Base64,

        /// <summary>After the root object: only whitespace may follow.</summary>
        Trailing,

        Done,
    }

    /// <summary>One parse: the read buffer, the reader state and the schema state (in the other part of this class).</summary>
    private sealed partial class Session : IDisposable
    {
        private const int InitialBufferSize = 64 * 1024;
        private const int MinimumTokenLimit = 4 * 1024 * 1024;

        private readonly Stream _stream;
        private readonly ImageParseLimits _limits;
        private readonly Dialect _dialect;
        private readonly long _maxBufferBytes;
        private readonly Base64ImageDecoder _decoder;
        private readonly ParsedImageResponse _result = new();

        // Unconsumed input is _buffer[_start.._end].
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        private int _start;
        private int _end;
        private long _bytesRead;
        private bool _endOfStream;

        private Mode _mode = Mode.Json;
        private JsonReaderState _readerState;
        private bool _skipData;

        public Session(Stream stream, ImageParseLimits limits, Dialect dialect)
        {
            _stream = stream;
            _limits = limits;
            _dialect = dialect;
            _decoder = new Base64ImageDecoder(limits.MaxImageBytes);

            // Our own depth check must fire first so it can report TooDeep rather than the reader's generic error.
            _readerState = new JsonReaderState(new JsonReaderOptions { MaxDepth = limits.MaxDepth == int.MaxValue ? int.MaxValue : limits.MaxDepth + 1 });

            // A single token the reader must see whole (an unknown string, a text part) cannot legitimately be larger
            // than an image's base64; this bounds how much a hostile answer can make us buffer.
            _maxBufferBytes = Math.Clamp((limits.MaxImageBytes / 3 * 4) + (1024 * 1024), MinimumTokenLimit, Array.MaxLength);
        }

        public async ValueTask<ParsedImageResponse> RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                while (_mode != Mode.Done)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!Advance())
                    {
                        await FillAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (JsonException ex)
            {
                throw new ResponseParseException(ResponseParseFailure.Malformed, $"The answer is not valid JSON ({ex.Message})", ex);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                // Utf8JsonReader validates escapes lazily: a lone escaped surrogate ("\ud800") in a property name or an
                // invalid string surfaces only when it is compared or transcoded, as one of these. The contract allows a
                // classified failure or the caller's cancellation, nothing else.
                cancellationToken.ThrowIfCancellationRequested();
                throw new ResponseParseException(ResponseParseFailure.Malformed, "The answer has a JSON string that is not valid Unicode (an escaped lone surrogate or invalid UTF-8).", ex);
            }

            return Complete();
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _decoder.Dispose();
        }

        /// <summary>Consumes buffered input; <see langword="false"/> when more input is needed to go on.</summary>
        private bool Advance() => _mode switch
        {
            Mode.Json => AdvanceJson(),
            Mode.DataValue => AdvanceDataValue(),
            Mode.Base64 => AdvanceBase64(),
            _ => AdvanceTrailing(),
        };

        private bool AdvanceJson()
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), isFinalBlock: false, _readerState);
            bool switched = ReadTokens(ref reader);
            _start += (int)reader.BytesConsumed;
            _readerState = reader.CurrentState;
            if (!switched && _endOfStream && _nodeCount == 0 && _buffer.AsSpan(_start, _end - _start).IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                // A bare scalar such as 5 or null: the reader waits for more input that will never come.
                throw NotAnObject();
            }

            return switched || NeedMore();
        }

        private bool AdvanceDataValue()
        {
            ReadOnlySpan<byte> span = _buffer.AsSpan(_start, _end - _start);
            int index = span.IndexOfAnyExcept(" \t\r\n"u8);
            if (index < 0)
            {
                _start = _end;
                return NeedMore();
            }

            _start += index;
            if (span[index] != (byte)'"')
            {
                // Not a string (null, a number, an object...): the reader resumes from its kept state and reads it.
                _mode = Mode.Json;
                return true;
            }

            _start++;
            _skipData = !BeginData();
            if (!_skipData)
            {
                long? remaining = _limits.ContentLength is long length ? Math.Max(0, length - (_bytesRead - (_end - _start))) : null;
                _decoder.BeginImage(remaining);
            }

            _mode = Mode.Base64;
            return true;
        }

        private bool AdvanceBase64()
        {
            ReadOnlySpan<byte> span = _buffer.AsSpan(_start, _end - _start);
            int special = span.IndexOfAny((byte)'"', (byte)'\\');
            ReadOnlySpan<byte> plain = special < 0 ? span : span[..special];
            if (!_skipData)
            {
                _decoder.Decode(plain);
            }

            _start += plain.Length;
            if (special < 0)
            {
                return NeedMore();
            }

            if (span[special] == (byte)'"')
            {
                _start++;
                EndDataString();
                return true;
            }

            int escapeLength = ReadEscape(span[special..], out int character);
            if (escapeLength == 0)
            {
                return NeedMore();
            }

            _start += escapeLength;
            if (!_skipData)
            {
                _decoder.DecodeChar(character);
            }

            return true;
        }

        private void EndDataString()
        {
            if (!_skipData)
            {
                OnDataDecoded(_decoder.EndImage());
            }

            // The stand-in value: see the remarks on ImageResponseParser.
            var reader = new Utf8JsonReader("\"\""u8, isFinalBlock: false, _readerState);
            reader.Read();
            _readerState = reader.CurrentState;
            _property = Property.None;
            _mode = Mode.Json;
        }

        private bool AdvanceTrailing()
        {
            if (_buffer.AsSpan(_start, _end - _start).IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                throw new ResponseParseException(ResponseParseFailure.Malformed, "The answer has data after its JSON object.");
            }

            _start = _end;
            if (_endOfStream)
            {
                _mode = Mode.Done;
                return true;
            }

            return false;
        }

        /// <summary>Says more input is needed, or fails when the body has already ended.</summary>
        private bool NeedMore() => _endOfStream
            ? throw new ResponseParseException(
                ResponseParseFailure.Truncated,
                _bytesRead == 0 ? "The answer is empty." : $"The answer ended after {_bytesRead} bytes, before its JSON was complete.")
            : false;

        private async ValueTask FillAsync(CancellationToken cancellationToken)
        {
            if (_start == _end)
            {
                _start = _end = 0;
            }
            else if (_start > 0)
            {
                // Only an incomplete token (or escape) is left; move it to the front so the next read extends it.
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                GrowBuffer();
            }

            // Left-over bytes mean the reader is waiting for the end of a token it will scan again from its start:
            // fill the whole buffer first so a long token arriving in small network reads is not rescanned per read.
            bool fillBuffer = _end > 0;
            do
            {
                int read = await ReadAsync(cancellationToken).ConfigureAwait(false);
                _end += read;
                _bytesRead += read;
                _endOfStream = read == 0;
            }
            while (fillBuffer && !_endOfStream && _end < _buffer.Length);
        }

        private async ValueTask<int> ReadAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                // A stream may report cancellation as an IOException; the caller must still see it as cancellation.
                cancellationToken.ThrowIfCancellationRequested();

                // The connection broke mid-body (HttpIOException ResponseEnded and friends): to the caller it is a cut answer.
                throw new ResponseParseException(ResponseParseFailure.Truncated, $"The answer could not be read to its end after {_bytesRead} bytes.", ex);
            }
        }

        private void GrowBuffer()
        {
            if (_buffer.Length >= _maxBufferBytes)
            {
                throw new ResponseParseException(ResponseParseFailure.Malformed, $"The answer holds a single JSON value larger than {_maxBufferBytes} bytes.");
            }

            byte[] next = ArrayPool<byte>.Shared.Rent((int)Math.Min(_buffer.Length * 2L, _maxBufferBytes));
            _buffer.AsSpan(0, _end).CopyTo(next);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = next;
        }

        /// <summary>
        /// Reads a JSON escape at the start of <paramref name="span"/>; returns its length, or 0 when it is not all
        /// buffered yet. Only ASCII can be part of base64, so anything else is left for the decoder to reject.
        /// </summary>
        private static int ReadEscape(ReadOnlySpan<byte> span, out int character)
        {
            character = -1;
            if (span.Length < 2)
            {
                return 0;
            }

            if (span[1] != (byte)'u')
            {
                character = span[1] switch
                {
                    (byte)'/' => '/',
                    (byte)'n' => '\n',
                    (byte)'r' => '\r',
                    (byte)'t' => '\t',
                    _ => -1,
                };
                return 2;
            }

            if (span.Length < 6)
            {
                return 0;
            }

            character = 0;
            foreach (byte digit in span.Slice(2, 4))
            {
                int value = HexValue(digit);
                if (value < 0)
                {
                    throw new ResponseParseException(ResponseParseFailure.Malformed, "The answer has an invalid \\u escape in image data.");
                }

                character = (character << 4) | value;
            }

            return 6;
        }

        private static int HexValue(byte digit) => digit switch
        {
            >= (byte)'0' and <= (byte)'9' => digit - '0',
            >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
            _ => -1,
        };
    }
}
