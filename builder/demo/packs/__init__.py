"""One phrase pack per team profile: builder/demo/packs/<profile>.py defines PACK."""
