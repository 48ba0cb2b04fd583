/** AAC configuration and transport: AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) and ADTS headers (§1.A.2.2). */
package io.zonecam.media.aac;
