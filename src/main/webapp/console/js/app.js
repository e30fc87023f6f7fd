// The Gatehouse console (docs/console.md).
