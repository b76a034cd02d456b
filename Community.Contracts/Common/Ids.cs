namespace Community.Contracts.Common;

public sealed record UserId(string Value) : ITypedId
{
    public override string ToString() => Value;
}

public sealed record CircleId(string Value) : ITypedId
{
    public override string ToString() => Value;
}

public sealed record CreatorId(string Value) : ITypedId
{
    public override string ToString() => Value;
}

public sealed record TicketId(string Value) : ITypedId
{
    public override string ToString() => Value;
}
