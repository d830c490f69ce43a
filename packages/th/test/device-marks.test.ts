// How device tensors' handles are told from host ones (ts/device.ts): a private field added to the
// handle itself, or a WeakSet where the engine refuses such fields on non-extensible objects.
import { deviceMarks, marksInPlace } from '../ts/device';
import { dtypeCode } from '../ts/dtype';
import { native } from '../ts/native';

describe('device marks', () => {
  test('Node marks the handles themselves (the fast path)', () => {
    expect(marksInPlace).toBe(true);
  });

  for (const inPlace of [true, false]) {
    test(`${inPlace ? 'in the handle' : 'in a WeakSet'}: marks exactly the handles added`, () => {
      const marks = deviceMarks(inPlace);
      const a = native.empty(dtypeCode('float32'), [2]) as unknown as object;
      const b = native.empty(dtypeCode('float32'), [2]) as unknown as object;
      expect(Object.isExtensible(a)).toBe(false); // napi externals
      expect(marks.has(a)).toBe(false);
      marks.add(a);
      marks.add(a); // again: in-place ops return their input's handle
      expect(marks.has(a)).toBe(true);
      expect(marks.has(b)).toBe(false);
      expect(marks.has({})).toBe(false);
      // the two kinds of mark are independent
      expect(deviceMarks(!inPlace).has(a)).toBe(false);
    });
  }
});
