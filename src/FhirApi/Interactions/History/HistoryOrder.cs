using System.Text.Json;
using FhirChain.FhirApi.Search;

namespace FhirChain.FhirApi.Interactions.History;

/// <summary>
/// Cursors of the history order, newest first: the position is a version's row id, which grows with
/// every version written (at every level, so a cursor of one level's history means the same in another).
/// Forward (<c>next</c>) asks for older versions than the row, backward (<c>previous</c>) for newer
/// ones; without a row, backward is the oldest page (<c>last</c>).
/// </summary>
internal static class HistoryOrder
{
    /// <summary>Written into every history cursor, so a search's cursor is refused here and the other way round.</summary>
    public const string Signature = "-_history";

    public static PageCursor LastCursor { get; } = new(Signature, [], Backward: true);

    public static PageCursor FirstCursor { get; } = new(Signature, []);

    /// <summary>The cursor of the versions older than a row.</summary>
    public static PageCursor After(long rowId) => new(Signature, [JsonSerializer.SerializeToElement(rowId)]);

    /// <summary>The cursor of the versions newer than a row.</summary>
    public static PageCursor Before(long rowId) => new(Signature, [JsonSerializer.SerializeToElement(rowId)], Backward: true);

    /// <summary>The cursor's row id (null for an end of the order), or false when it is not a history cursor.</summary>
    public static bool TryRead(PageCursor cursor, out long? rowId)
    {
        rowId = null;
        if (cursor.Order != Signature || cursor.Keys.Count > 1)
        {
            return false;
        }

        if (cursor.Keys.Count == 0)
        {
            return true;
        }

        if (cursor.Keys[0].ValueKind == JsonValueKind.Number && cursor.Keys[0].TryGetInt64(out var id))
        {
            rowId = id;
            return true;
        }

        return false;
    }
}
