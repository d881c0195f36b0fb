;; The hint filter: 16 text positions at a time, the places where a hint word may start.
;;
;; A bucket is a set of words (8 buckets, a bit each). For each of the first four characters of a word, a
;; position table says which buckets allow a byte: one 16-byte vector indexed by its low nibble, one by its
;; high nibble, both of which must allow it (two nibble lookups stand for a 256-entry table, one `swizzle`
;; each). A position is a candidate when some bucket allows its byte and the next three; a word shorter than
;; four allows any byte after its end. The tables are a superset test: two words in one bucket, or two
;; characters sharing a nibble, let some other text through, which the caller's check of each candidate
;; turns down. (The same algorithm as Hyperscan's "Teddy" literal matcher, in its simplest form.)
;;
;; Memory: the tables at 0, the text (one byte per UTF-16 unit) at `text_at`, the candidates found (u32
;; positions, in order) at `found_at`. The caller writes the tables and the text, calls `scan(n)`, and reads
;; the count it returns.
(module
  (memory (export "memory") 21)
  ;; 4 positions × (16 low-nibble bytes + 16 high-nibble bytes)
  (global (export "tables_at") i32 (i32.const 0))
  (global (export "text_at") i32 (i32.const 1024))
  ;; the longest text: a CloudWatch Logs event is at most 256 KiB
  (global (export "text_capacity") i32 (i32.const 262144))
  ;; after the text and room for reading 19 bytes past its end; room for a candidate at every position
  (global (export "found_at") i32 (i32.const 263232))

  (func (export "scan") (param $n i32) (result i32)
    (local $at i32) (local $found i32) (local $bits i32)
    (local $nibble v128) (local $bytes v128) (local $low v128) (local $high v128)
    (local $allowed v128)
    (local $lo0 v128) (local $hi0 v128) (local $lo1 v128) (local $hi1 v128)
    (local $lo2 v128) (local $hi2 v128) (local $lo3 v128) (local $hi3 v128)
    (local.set $lo0 (v128.load offset=0 (i32.const 0)))
    (local.set $hi0 (v128.load offset=16 (i32.const 0)))
    (local.set $lo1 (v128.load offset=32 (i32.const 0)))
    (local.set $hi1 (v128.load offset=48 (i32.const 0)))
    (local.set $lo2 (v128.load offset=64 (i32.const 0)))
    (local.set $hi2 (v128.load offset=80 (i32.const 0)))
    (local.set $lo3 (v128.load offset=96 (i32.const 0)))
    (local.set $hi3 (v128.load offset=112 (i32.const 0)))
    (local.set $nibble (i8x16.splat (i32.const 15)))
    (local.set $found (i32.const 263232))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $at) (local.get $n)))
        ;; the first character of a word at each of the 16 positions
        (local.set $bytes (v128.load offset=1024 (local.get $at)))
        (local.set $low (v128.and (local.get $bytes) (local.get $nibble)))
        (local.set $high (i8x16.shr_u (local.get $bytes) (i32.const 4)))
        (local.set $allowed (v128.and
          (i8x16.swizzle (local.get $lo0) (local.get $low))
          (i8x16.swizzle (local.get $hi0) (local.get $high))))
        ;; its second character, one byte on
        (local.set $bytes (v128.load offset=1025 (local.get $at)))
        (local.set $low (v128.and (local.get $bytes) (local.get $nibble)))
        (local.set $high (i8x16.shr_u (local.get $bytes) (i32.const 4)))
        (local.set $allowed (v128.and (local.get $allowed) (v128.and
          (i8x16.swizzle (local.get $lo1) (local.get $low))
          (i8x16.swizzle (local.get $hi1) (local.get $high)))))
        ;; the third
        (local.set $bytes (v128.load offset=1026 (local.get $at)))
        (local.set $low (v128.and (local.get $bytes) (local.get $nibble)))
        (local.set $high (i8x16.shr_u (local.get $bytes) (i32.const 4)))
        (local.set $allowed (v128.and (local.get $allowed) (v128.and
          (i8x16.swizzle (local.get $lo2) (local.get $low))
          (i8x16.swizzle (local.get $hi2) (local.get $high)))))
        ;; the fourth
        (local.set $bytes (v128.load offset=1027 (local.get $at)))
        (local.set $low (v128.and (local.get $bytes) (local.get $nibble)))
        (local.set $high (i8x16.shr_u (local.get $bytes) (i32.const 4)))
        (local.set $allowed (v128.and (local.get $allowed) (v128.and
          (i8x16.swizzle (local.get $lo3) (local.get $low))
          (i8x16.swizzle (local.get $hi3) (local.get $high)))))
        (if (v128.any_true (local.get $allowed))
          (then
            ;; one bit per position some bucket allows, cut at the text's end
            (local.set $bits (i8x16.bitmask (i8x16.ne (local.get $allowed) (v128.const i64x2 0 0))))
            (if (i32.lt_u (i32.sub (local.get $n) (local.get $at)) (i32.const 16))
              (then
                (local.set $bits (i32.and (local.get $bits)
                  (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $n) (local.get $at))) (i32.const 1))))))
            (block $written
              (loop $bit
                (br_if $written (i32.eqz (local.get $bits)))
                (i32.store (local.get $found) (i32.add (local.get $at) (i32.ctz (local.get $bits))))
                (local.set $found (i32.add (local.get $found) (i32.const 4)))
                (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
                (br $bit)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $block)))
    (i32.shr_u (i32.sub (local.get $found) (i32.const 263232)) (i32.const 2))))
