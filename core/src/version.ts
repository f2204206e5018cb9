/** The kernel's version; plugins declare the range they run on in their manifest's `engine`. */
export const kernelVersion = '0.1.0'
