using System.Linq.Expressions;
using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// The total order of a search's results: the <c>_sort</c> keys (or newest <c>_lastUpdated</c>
/// first), then the id, then (across types) the type, so every row has one place. Keyset paging
/// continues strictly after the last row shown, so rows added, changed or removed meanwhile never
/// make a later page repeat or skip one that was there all along. Pages before a position walk the
/// <see cref="Reversed"/> order from it and are turned round.
/// </summary>
internal sealed class SearchOrder(IReadOnlyList<SortColumn> columns, string? signature = null)
{
    /// <summary>Written into every cursor, so a cursor is only accepted for the order it came from (the reversed order keeps it).</summary>
    public string Signature { get; } = signature ?? string.Join(",", columns.Select(c => c.Name));

    /// <summary>The exact mirror of this order: a cursor position read for one is valid for the other.</summary>
    public SearchOrder Reversed() => new(columns.Select(c => c.Reversed()).ToList(), Signature);

    public IOrderedQueryable<ResourceRow> Apply(IQueryable<ResourceRow> rows)
    {
        IOrderedQueryable<ResourceRow>? ordered = null;
        foreach (var column in columns)
        {
            ordered = column.Order(rows, ordered);
        }

        return ordered!;
    }

    /// <summary>The row id of the current version and each column's value, in order.</summary>
    public Expression<Func<ResourceRow, object?[]>> Projection()
    {
        var row = Expression.Parameter(typeof(ResourceRow), "r");
        var values = new List<Expression> { Expression.Convert(Expression.Property(row, nameof(ResourceRow.CurrentRowId)), typeof(object)) };
        values.AddRange(columns.Select(c => c.ValueOf(row)));
        return Expression.Lambda<Func<ResourceRow, object?[]>>(Expression.NewArrayInit(typeof(object), values), row);
    }

    /// <summary>The cursor that continues after a row read through <see cref="Projection"/>.</summary>
    public PageCursor CursorAfter(object?[] projected) => new(Signature, projected.Skip(1).Select(SortColumn.Write).ToArray());

    /// <summary>The cursor of the rows before a row read through <see cref="Projection"/>.</summary>
    public PageCursor CursorBefore(object?[] projected) => new(Signature, projected.Skip(1).Select(SortColumn.Write).ToArray(), Backward: true);

    /// <summary>The cursor of the last page: the reversed order from its start.</summary>
    public PageCursor LastCursor() => new(Signature, [], Backward: true);

    /// <summary>The cursor of the first page (for a link that must carry one).</summary>
    public PageCursor FirstCursor() => new(Signature, []);

    /// <summary>
    /// The cursor's column values (empty for <see cref="LastCursor"/> and <see cref="FirstCursor"/>),
    /// or null when it was not issued for this order.
    /// </summary>
    public object?[]? Read(PageCursor cursor)
    {
        if (cursor.Order != Signature || (cursor.Keys.Count != columns.Count && cursor.Keys.Count != 0))
        {
            return null;
        }

        if (cursor.Keys.Count == 0)
        {
            return [];
        }

        var values = new object?[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            if (!columns[i].TryRead(cursor.Keys[i], out values[i]))
            {
                return null;
            }
        }

        return values;
    }

    /// <summary>Rows strictly after the position: the first column that differs decides.</summary>
    public Expression<Func<ResourceRow, bool>> After(object?[] position)
    {
        var alternatives = new List<Expression<Func<ResourceRow, bool>>>();
        Expression<Func<ResourceRow, bool>>? equalSoFar = null;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].After(position[i]) is { } after)
            {
                alternatives.Add(equalSoFar is null ? after : Predicates.And(equalSoFar, after));
            }

            var same = columns[i].Same(position[i]);
            equalSoFar = equalSoFar is null ? same : Predicates.And(equalSoFar, same);
        }

        return Predicates.Or(alternatives);
    }
}
